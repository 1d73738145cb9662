using ApprovalFunctions.Core.Operations.Diagnose;
using ApprovalFunctions.Core.QuickApproval;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Operations;

/// <summary><c>GET /api/ops/instances/{instanceId}[?full=true]</c>: desired state, watermarks, parked reason, Feishu's live verdict and quick-approval actions.</summary>
public sealed class DiagnoseInstanceFunction(InstanceDiagnostics diagnostics, IQuickActionLog quickActions, OperatorEndpoint endpoint)
{
    /// <summary>The newest quick-approval actions shown; a task is rarely tapped more than a few times.</summary>
    private const int MaxActionsShown = 50;

    [Function("OpsDiagnoseInstance")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = OperatorRoutes.Prefix + "/instances/{instanceId}")] HttpRequest request,
        string instanceId,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(request, "diagnose", async call =>
        {
            call.Target = instanceId;
            if (OperatorCall.RouteIdProblem(instanceId, "instanceId") is { } badId)
            {
                return badId;
            }

            var fullValue = call.Query("full");
            if (fullValue.Length > 0 && !bool.TryParse(fullValue, out _))
            {
                return OperatorAnswer.BadRequest("full must be true or false.", "full");
            }

            var diagnosis = await diagnostics.DiagnoseAsync(instanceId, fullValue.Length > 0 && bool.Parse(fullValue), cancellationToken);
            if (diagnosis is null)
            {
                return OperatorAnswer.NotFound($"Instance '{instanceId}' is unknown: the source system never sent it (or sent it under another id).", "instanceId");
            }

            var actions = await quickActions.ListAsync(instanceId, MaxActionsShown, cancellationToken);
            return OperatorAnswer.Ok(diagnosis with { Actions = actions }, 1, $"verdict {diagnosis.Verdict.Kind}");
        });
}
