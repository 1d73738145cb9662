using ApprovalFunctions.Core.Facade;
using ApprovalFunctions.FunctionApp.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions;

/// <summary>
/// Everything under <c>/open-apis/</c>: the Feishu-compatible surface, so a source that calls Feishu through an official SDK
/// changes only the SDK's domain and credentials. Anonymous at the host: callers authenticate as with Feishu, with a
/// tenant_access_token from the token call. One catch-all function rather than one per endpoint, because the Functions
/// host picks among overlapping routes by function name, not by specificity. Its answers keep Feishu's envelope
/// (<c>code</c>, <c>msg</c>), errors included, since the SDKs read it: the one surface not answering problem details.
/// </summary>
public sealed class FeishuOpenApiFunction(FeishuFacade facade, IncomingRequests incoming)
{
    public const string RoutePrefix = "open-apis";

    [Function("FeishuOpenApi")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = RoutePrefix + "/{*path}")] HttpRequest request,
        string? path,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = await facade.HandleAsync(request.Method, path, incoming.From(request), cancellationToken);
        return new FacadeAnswerResult(answer);
    }
}
