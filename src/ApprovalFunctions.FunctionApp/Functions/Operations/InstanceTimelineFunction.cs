using ApprovalFunctions.Core.Operations.Overview;
using ApprovalFunctions.Core.Timeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Operations;

/// <summary><c>GET /api/ops/instances/{instanceId}/timeline</c>: what happened to the instance, newest first.</summary>
public sealed class InstanceTimelineFunction(InstanceTimelineReader reader, OperatorEndpoint endpoint)
{
    [Function("OpsInstanceTimeline")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = OperatorRoutes.Prefix + "/instances/{instanceId}/timeline")] HttpRequest request,
        string instanceId,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(request, "timeline", async call =>
        {
            call.Target = instanceId;
            var timeline = await reader.ReadAsync(instanceId, cancellationToken);
            return timeline is null
                ? OperatorAnswer.NotFound($"Instance '{instanceId}' is unknown: the source system never sent it (or sent it under another id).", "instanceId")
                : OperatorAnswer.Ok(timeline, timeline.Events.Count, "read", ConsoleJsonContext.Default.Options);
        });
}
