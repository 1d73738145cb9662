using ApprovalFunctions.Core.Facade;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.QuickApproval;
using ApprovalFunctions.Core.Requests;
using ApprovalFunctions.FunctionApp.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.UnitTests.FunctionApp;

/// <summary>
/// Hands ASP.NET Core test requests to Core as the FunctionApp does (<see cref="IncomingRequests"/>), so that tests written
/// against HTTP requests exercise the host's body reading and Core's checks together.
/// </summary>
internal static class HttpRequestAdapters
{
    public static IncomingRequest Incoming(this HttpRequest request, IngestOptions? options = null, TimeProvider? clock = null) =>
        new IncomingRequests(Options.Create(options ?? new IngestOptions()), clock ?? TimeProvider.System).From(request);

    public static Task<FacadeAnswer> HandleAsync(this FeishuFacade facade, HttpRequest request, string? path, CancellationToken cancellationToken) =>
        facade.HandleAsync(request.Method, path, request.Incoming(), cancellationToken);

    public static Task<(int StatusCode, FeishuCallbackAnswerBody Body)> HandleAsync(this QuickActionRelay relay, HttpRequest request, CancellationToken cancellationToken) =>
        relay.HandleAsync(request.Incoming(), cancellationToken);

    public static Task<CallbackReadResult> ReadAsync(this FeishuCallbackReader reader, HttpRequest request, CancellationToken cancellationToken) =>
        reader.ReadAsync(request.Incoming(), cancellationToken);

    public static IReadOnlyList<IngestProblem> Verify(this WebhookSignatureVerifier verifier, IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        var context = new DefaultHttpContext();
        foreach (var header in headers)
        {
            context.Request.Headers[header.Key] = header.Value;
        }

        return verifier.Verify(IncomingRequests.HeadersOf(context.Request), body);
    }
}

/// <summary>An ingest reader fed HTTP requests through the FunctionApp's adapter, with the same options and clock.</summary>
internal sealed class HttpIngestReader(IngestRequestReader reader, IngestOptions options, TimeProvider clock)
{
    public Task<IngestReadResult> ReadInstanceAsync(HttpRequest request, CancellationToken cancellationToken) =>
        reader.ReadInstanceAsync(request.Incoming(options, clock), cancellationToken);

    public Task<IngestReadResult> ReadUnsignedInstanceAsync(HttpRequest request, CancellationToken cancellationToken) =>
        reader.ReadUnsignedInstanceAsync(request.Incoming(options, clock), cancellationToken);

    public Task<IngestBatchReadResult> ReadBatchAsync(HttpRequest request, CancellationToken cancellationToken) =>
        reader.ReadBatchAsync(request.Incoming(options, clock), cancellationToken);
}
