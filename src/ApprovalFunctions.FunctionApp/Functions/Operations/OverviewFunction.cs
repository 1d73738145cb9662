using ApprovalFunctions.Core.Operations.Overview;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Operations;

/// <summary>
/// <c>GET /api/ops/overview</c>: lagging and parked instances (parked grouped by Feishu code and message), the last
/// reconcile rounds, Feishu calls / 429s / failures per minute over the last hour, and the queues.
/// </summary>
public sealed class OverviewFunction(OperatorOverview overview, OperatorEndpoint endpoint)
{
    [Function("OpsOverview")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = OperatorRoutes.Prefix + "/overview")] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(request, "overview", async _ =>
        {
            var answer = await overview.ReadAsync(cancellationToken);
            return OperatorAnswer.Ok(answer, answer.Lagging.Count + answer.Parked.Count, $"{answer.Lagging.Count} lagging, {answer.Parked.Count} parked", ConsoleJsonContext.Default.Options);
        });
}
