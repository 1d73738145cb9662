using System.Net;
using ApprovalFunctions.Core.Requests;
using Microsoft.AspNetCore.Http;

namespace ApprovalFunctions.FunctionApp.Http;

/// <summary>
/// The body of an ASP.NET Core request, read for Core within a deadline. A body that arrives too slowly (408) or breaks off
/// (400) is the sender's problem, not ours: it is answered as such, never as an exception; only the host stopping throws.
/// </summary>
internal sealed class HttpRequestBody(HttpRequest request, TimeSpan readTimeout, TimeProvider timeProvider) : IRequestBody
{
    private const string WentAway = "The caller went away before the body was complete.";

    public async Task<RequestBodyRead> ReadAsync(int maxBytes, CancellationToken cancellationToken)
    {
        var aborted = request.HttpContext.RequestAborted;
        using var deadline = new CancellationTokenSource(readTimeout, timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, aborted);
        BodyBytes body;
        try
        {
            body = await BoundedBodyReader.ReadAsync(request.BodyReader, request.ContentLength, maxBytes, stop.Token);
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's verdicts: data arriving below the minimum rate (408), fewer bytes than Content-Length (400), ...
            return RequestBodyRead.Failed(exception.StatusCode, $"The body could not be read: {exception.Message}");
        }
        catch (IOException)
        {
            return RequestBodyRead.Failed((int)HttpStatusCode.BadRequest, "The body broke off before it was complete; send it again.");
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return RequestBodyRead.Failed((int)HttpStatusCode.BadRequest, WentAway);
        }

        if (!body.Stopped)
        {
            return body.Bytes is { } bytes ? RequestBodyRead.Complete(bytes) : RequestBodyRead.TooLong;
        }

        if (aborted.IsCancellationRequested)
        {
            return RequestBodyRead.Failed((int)HttpStatusCode.BadRequest, WentAway);
        }

        // The host is stopping: not the sender's fault, and a retry will work.
        cancellationToken.ThrowIfCancellationRequested();
        return RequestBodyRead.Failed(
            (int)HttpStatusCode.RequestTimeout,
            $"The body did not arrive within {readTimeout.TotalSeconds:0.#} s (Ingest:BodyReadTimeout); send it again.");
    }
}
