using ApprovalFunctions.Core.QuickApproval;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Operations;

/// <summary>
/// Quick approval's operator endpoints: <c>PUT|POST /api/ops/approval-definition</c> creates or updates the definition in
/// Feishu with the app's callback URL, token and key; <c>GET /api/ops/actions/overdue</c> lists tasks whose action the
/// source accepted but whose status never came back within <c>Callback:CompletionGrace</c>.
/// </summary>
public sealed class QuickApprovalFunctions(ApprovalDefinitionPublisher publisher, OverdueActions overdue, OperatorEndpoint endpoint)
{
    [Function("OpsApprovalDefinition")]
    public Task<IActionResult> PublishDefinitionAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "put", "post", Route = OperatorRoutes.Prefix + "/approval-definition")] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(request, "approval-definition", async call =>
        {
            var (body, problem) = await call.ReadBodyAsync(QuickApprovalOperationsJsonContext.Default.ApprovalDefinitionRequest, cancellationToken);
            if (body is null)
            {
                return problem!;
            }

            call.Target = body.ApprovalCode ?? "-";

            // A definition Feishu refuses (1390001 …) stays refused: 400 with Feishu's words; anything else may pass on a retry.
            call.FeishuCall = new FeishuCallDescription("Publishing the definition to Feishu", "$", PermanentIsBadRequest: true);
            var outcome = await publisher.PublishAsync(body, BaseUrlOf(request), cancellationToken);
            return OperatorAnswer.From(outcome, _ => 1, _ => "published", QuickApprovalOperationsJsonContext.Default.Options);
        });

    [Function("OpsOverdueActions")]
    public Task<IActionResult> ListOverdueAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = OperatorRoutes.Prefix + "/actions/overdue")] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(request, "actions-overdue", async _ =>
        {
            var report = await overdue.ListAsync(cancellationToken);
            return OperatorAnswer.Ok(report, report.Count, $"{report.Resolved} resolved", QuickApprovalOperationsJsonContext.Default.Options);
        });

    private static Uri BaseUrlOf(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}/");
}
