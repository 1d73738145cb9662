using ApprovalFunctions.Core.QuickApproval;
using ApprovalFunctions.FunctionApp.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions;

/// <summary>
/// <c>POST /api/feishu/actions</c>: Feishu's quick-approval callback. Anonymous at the Functions level because Feishu
/// sends no function key; the callback authenticates by its token (and by decryption when <c>Callback:Key</c> is set).
/// Answers in the format Feishu's callback expects (<c>{code, msg}</c> or <c>{message}</c> for the approver), not problem details.
/// </summary>
public sealed class FeishuActionCallbackFunction(QuickActionRelay relay, IncomingRequests incoming)
{
    [Function("FeishuActionCallback")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Prefix + "feishu/actions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (statusCode, body) = await relay.HandleAsync(incoming.From(request), cancellationToken);
        return new JsonResult(body, QuickApprovalJsonContext.Default.Options) { StatusCode = statusCode, ContentType = "application/json; charset=utf-8" };
    }
}
