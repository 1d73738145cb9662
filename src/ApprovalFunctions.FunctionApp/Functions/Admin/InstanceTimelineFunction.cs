using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.Overview;
using ApprovalFunctions.Core.Timeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Admin;

/// <summary><c>GET /api/ops/instances/{instanceId}/timeline</c>: what happened to the instance, newest first.</summary>
public sealed class InstanceTimelineFunction(InstanceTimelineReader reader, OperatorAudit audit)
{
    [Function("OpsInstanceTimeline")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = OperatorHttp.RoutePrefix + "/instances/{instanceId}/timeline")] HttpRequest request,
        string instanceId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = OperatorCaller.From(request);
        var timeline = await reader.ReadAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (timeline is null)
        {
            audit.Record(caller, "timeline", instanceId, 0, "not found");
            return OperatorHttp.Error(StatusCodes.Status404NotFound, $"Instance '{instanceId}' is unknown: the source system never sent it (or sent it under another id).", "instanceId");
        }

        audit.Record(caller, "timeline", instanceId, timeline.Events.Count, "read");
        return ConsoleJson.Result(timeline, ConsoleJsonContext.Default.InstanceTimelineAnswer);
    }
}
