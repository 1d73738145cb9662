using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.Overview;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Admin;

/// <summary>
/// <c>GET /api/ops/overview</c>: lagging and parked instances (parked grouped by Feishu code and message), the last
/// reconcile rounds, Feishu calls / 429s / failures per minute over the last hour, and the queues.
/// </summary>
public sealed class OverviewFunction(OperatorOverview overview, OperatorAudit audit)
{
    [Function("OpsOverview")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = OperatorHttp.RoutePrefix + "/overview")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = await overview.ReadAsync(cancellationToken).ConfigureAwait(false);
        audit.Record(OperatorCaller.From(request), "overview", "-", answer.Lagging.Count + answer.Parked.Count, $"{answer.Lagging.Count} lagging, {answer.Parked.Count} parked");
        return ConsoleJson.Result(answer, ConsoleJsonContext.Default.OverviewAnswer);
    }
}
