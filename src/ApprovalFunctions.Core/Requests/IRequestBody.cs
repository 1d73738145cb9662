namespace ApprovalFunctions.Core.Requests;

/// <summary>
/// The body of an incoming request, read on demand and never past a limit. Core decides whether to read it (a request
/// refused on its headers is never read); the host reads it, since only the host knows its transport's failures.
/// </summary>
public interface IRequestBody
{
    /// <summary>
    /// The body's bytes; or that it is longer than <paramref name="maxBytes"/>; or why it could not be read (too slow: 408,
    /// broken off or abandoned: 400). Throws <see cref="OperationCanceledException"/> only when the host is stopping.
    /// </summary>
    Task<RequestBodyRead> ReadAsync(int maxBytes, CancellationToken cancellationToken);
}

/// <summary>What reading a body gave: its bytes, or that it was too long, or the status and reason it could not be read.</summary>
public sealed record RequestBodyRead
{
    private RequestBodyRead(ReadOnlyMemory<byte>? bytes, int? failedStatus, string? failure)
    {
        Bytes = bytes;
        FailedStatus = failedStatus;
        Failure = failure;
    }

    public static RequestBodyRead TooLong { get; } = new(null, null, null);

    /// <summary>The whole body; null when it was too long or could not be read.</summary>
    public ReadOnlyMemory<byte>? Bytes { get; }

    /// <summary>The 4xx status for a body that could not be read (408, 400); null otherwise.</summary>
    public int? FailedStatus { get; }

    /// <summary>Why the body could not be read, for the caller.</summary>
    public string? Failure { get; }

    public bool IsTooLong => Bytes is null && FailedStatus is null;

    public static RequestBodyRead Complete(ReadOnlyMemory<byte> bytes) => new(bytes, null, null);

    public static RequestBodyRead Failed(int status, string failure) => new(null, status, failure);
}
