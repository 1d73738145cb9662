using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.Resync;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Admin;

/// <summary><c>POST /api/ops/instances/{instanceId}/resync</c>: REPLACE the instance in Feishu from its complete snapshot.</summary>
public sealed class ResyncInstanceFunction(ForcedResync resync, OperatorAudit audit)
{
    [Function("OpsResyncInstance")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = OperatorHttp.RoutePrefix + "/instances/{instanceId}/resync")] HttpRequest request,
        string instanceId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = OperatorCaller.From(request);
        if (OperatorHttp.RouteIdProblem(instanceId, "instanceId") is { } badId)
        {
            audit.Record(caller, "resync", instanceId, 0, "bad request");
            return badId;
        }

        var outcome = await resync.ResyncAsync(instanceId, cancellationToken).ConfigureAwait(false);
        audit.Record(caller, "resync", instanceId, outcome.Body is null ? 0 : 1, outcome.Error?.Error ?? "REPLACE queued");
        return OperatorHttp.From(outcome);
    }
}
