using ApprovalFunctions.Core.Operations.Resync;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Operations;

/// <summary><c>POST /api/ops/instances/{instanceId}/resync</c>: REPLACE the instance in Feishu from its complete snapshot.</summary>
public sealed class ResyncInstanceFunction(ForcedResync resync, OperatorEndpoint endpoint)
{
    [Function("OpsResyncInstance")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = OperatorRoutes.Prefix + "/instances/{instanceId}/resync")] HttpRequest request,
        string instanceId,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(request, "resync", async call =>
        {
            call.Target = instanceId;
            if (OperatorCall.RouteIdProblem(instanceId, "instanceId") is { } badId)
            {
                return badId;
            }

            var outcome = await resync.ResyncAsync(instanceId, cancellationToken);
            return OperatorAnswer.From(outcome, _ => 1, _ => "REPLACE queued");
        });
}
