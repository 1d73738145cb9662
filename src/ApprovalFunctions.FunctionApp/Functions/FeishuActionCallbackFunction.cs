using ApprovalFunctions.Core.QuickApproval;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions;

/// <summary>
/// <c>POST /api/feishu/actions</c>: Feishu's quick-approval callback. Anonymous at the Functions level because Feishu
/// sends no function key; the callback authenticates by its token (and by decryption when <c>Callback:Key</c> is set).
/// </summary>
public sealed class FeishuActionCallbackFunction(QuickActionRelay relay)
{
    [Function("FeishuActionCallback")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Prefix + "feishu/actions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (statusCode, body) = await relay.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        return new JsonResult(body, QuickApprovalJsonContext.Default.Options) { StatusCode = statusCode, ContentType = "application/json; charset=utf-8" };
    }
}
