using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.Cleanup;
using ApprovalFunctions.Feishu.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Admin;

/// <summary>
/// The FAQ's clean-up, done safely. <c>POST /api/ops/cleanup</c> with a scope is a dry run answering a confirmation
/// token; with <c>{"confirm": token}</c> it writes each instance's purge snapshot and nudges its sync (the sync engine
/// sends the wipe); <c>GET /api/ops/cleanup/{runId}</c> reports progress.
/// </summary>
public sealed class CleanupFunctions(CleanupService cleanup, OperatorAudit audit)
{
    [Function("OpsCleanup")]
    public async Task<IActionResult> PlanOrConfirmAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = OperatorHttp.RoutePrefix + "/cleanup")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = OperatorCaller.From(request);
        var (body, error) = await OperatorHttp.ReadBodyAsync(request, OperationsJsonContext.Default.CleanupRequest, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            audit.Record(caller, "cleanup", "-", 0, "bad request");
            return error!;
        }

        if (body.Confirm is { } token)
        {
            if (body.InstanceIds is not null || body.ApprovalCode is not null || body.All is not null || body.DiscoverUsers is not null)
            {
                audit.Record(caller, "cleanup-confirm", "-", 0, "bad request");
                return OperatorHttp.Error(StatusCodes.Status400BadRequest, "A confirmation carries only the token: the scope is the one of its dry run.", "$.confirm");
            }

            var outcome = await cleanup.ConfirmAsync(token, cancellationToken).ConfigureAwait(false);
            var runId = CleanupConfirmation.TryParse(token, out var parsedRunId, out _) ? parsedRunId : "-";
            audit.Record(caller, "cleanup-confirm", $"run {runId}", outcome.Body?.Planned ?? 0, outcome.Error?.Error ?? $"{outcome.Body!.State}");
            return OperatorHttp.From(outcome);
        }

        if (CleanupScope.TryCreate(body, out var scopeError) is not { } scope)
        {
            audit.Record(caller, "cleanup-dry-run", "-", 0, "bad request");
            return OperatorHttp.Json(scopeError!, StatusCodes.Status400BadRequest);
        }

        CleanupPlanAnswer plan;
        try
        {
            plan = await cleanup.PlanAsync(scope, cancellationToken).ConfigureAwait(false);
        }
        catch (FeishuApiException exception)
        {
            audit.Record(caller, "cleanup-dry-run", scope.Describe(), 0, $"Feishu failed: code {exception.Code}, log id {exception.LogId}");
            return OperatorHttp.Error(StatusCodes.Status502BadGateway, $"Discovering instances through Feishu's tasks query failed ({exception.Kind}): code {exception.Code}, msg \"{exception.FeishuMessage}\", log id {exception.LogId}.", "$.discover_users");
        }

        audit.Record(caller, "cleanup-dry-run", $"run {plan.RunId ?? "-"}: {plan.Scope}", plan.Count, "planned, nothing changed");
        return OperatorHttp.Json(plan);
    }

    [Function("OpsCleanupProgress")]
    public async Task<IActionResult> ProgressAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = OperatorHttp.RoutePrefix + "/cleanup/{runId}")] HttpRequest request,
        string runId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Run ids are ours ("yyyyMMddHHmmss-xxxxxxxx"): anything else names no run and is never looked up in storage.
        var progress = CleanupConfirmation.IsRunId(runId) ? await cleanup.ProgressAsync(runId, cancellationToken).ConfigureAwait(false) : null;
        audit.Record(OperatorCaller.From(request), "cleanup-progress", $"run {runId}", progress?.Planned ?? 0, progress?.State ?? "not found");
        return progress is null
            ? OperatorHttp.Error(StatusCodes.Status404NotFound, $"No clean-up run '{runId}'.", "runId")
            : OperatorHttp.Json(progress);
    }
}
