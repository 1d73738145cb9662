namespace ApprovalFunctions.Core.Requests;

/// <summary>An HTTP request as Core sees it: its headers and a body read on demand.</summary>
public sealed record IncomingRequest(RequestHeaders Headers, IRequestBody Body)
{
    /// <summary>A request whose body is already in memory (a test, or a body another layer has read).</summary>
    public static IncomingRequest Of(ReadOnlyMemory<byte> body, RequestHeaders? headers = null) =>
        new(headers ?? RequestHeaders.Empty, new BufferedRequestBody(body));

    private sealed class BufferedRequestBody(ReadOnlyMemory<byte> body) : IRequestBody
    {
        public Task<RequestBodyRead> ReadAsync(int maxBytes, CancellationToken cancellationToken) =>
            Task.FromResult(body.Length > maxBytes ? RequestBodyRead.TooLong : RequestBodyRead.Complete(body));
    }
}
