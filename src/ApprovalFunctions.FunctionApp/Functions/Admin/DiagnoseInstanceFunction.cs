using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.Diagnose;
using ApprovalFunctions.Core.QuickApproval;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Admin;

/// <summary><c>GET /api/ops/instances/{instanceId}[?full=true]</c>: desired state, watermarks, parked reason, Feishu's live verdict and quick-approval actions.</summary>
public sealed class DiagnoseInstanceFunction(InstanceDiagnostics diagnostics, IQuickActionLog quickActions, OperatorAudit audit)
{
    /// <summary>The newest quick-approval actions shown; a task is rarely tapped more than a few times.</summary>
    private const int MaxActionsShown = 50;

    [Function("OpsDiagnoseInstance")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = OperatorHttp.RoutePrefix + "/instances/{instanceId}")] HttpRequest request,
        string instanceId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = OperatorCaller.From(request);
        if (OperatorHttp.RouteIdProblem(instanceId, "instanceId") is { } badId)
        {
            audit.Record(caller, "diagnose", instanceId, 0, "bad request");
            return badId;
        }

        var fullValue = request.Query["full"].ToString();
        if (fullValue.Length > 0 && !bool.TryParse(fullValue, out _))
        {
            audit.Record(caller, "diagnose", instanceId, 0, "bad request");
            return OperatorHttp.Error(StatusCodes.Status400BadRequest, "full must be true or false.", "full");
        }

        var diagnosis = await diagnostics.DiagnoseAsync(instanceId, fullValue.Length > 0 && bool.Parse(fullValue), cancellationToken).ConfigureAwait(false);
        if (diagnosis is null)
        {
            audit.Record(caller, "diagnose", instanceId, 0, "not found");
            return OperatorHttp.Error(StatusCodes.Status404NotFound, $"Instance '{instanceId}' is unknown: the source system never sent it (or sent it under another id).", "instanceId");
        }

        audit.Record(caller, "diagnose", instanceId, 1, $"verdict {diagnosis.Verdict.Kind}");
        return OperatorHttp.Json(diagnosis with { Actions = await quickActions.ListAsync(instanceId, MaxActionsShown, cancellationToken).ConfigureAwait(false) });
    }
}
