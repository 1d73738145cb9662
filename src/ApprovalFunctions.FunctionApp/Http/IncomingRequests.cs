using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.FunctionApp.Http;

/// <summary>
/// Turns an ASP.NET Core request into what Core reads: its headers and a body read on demand within
/// <see cref="IngestOptions.BodyReadTimeout"/>, the one deadline for every body the app reads.
/// </summary>
public sealed class IncomingRequests(IOptions<IngestOptions> options, TimeProvider timeProvider)
{
    public IncomingRequest From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new IncomingRequest(HeadersOf(request), new HttpRequestBody(request, options.Value.BodyReadTimeout, timeProvider));
    }

    public static RequestHeaders HeadersOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RequestHeaders(request.Headers.Select(h => KeyValuePair.Create(h.Key, (IEnumerable<string?>)h.Value)));
    }

    public static OperatorCaller CallerOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return OperatorCaller.From(HeadersOf(request), request.HttpContext.Connection.RemoteIpAddress?.ToString());
    }
}
