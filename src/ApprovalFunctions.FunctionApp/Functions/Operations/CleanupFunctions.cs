using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.Cleanup;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Operations;

/// <summary>
/// The FAQ's clean-up, done safely. <c>POST /api/ops/cleanup</c> with a scope is a dry run answering a confirmation
/// token; with <c>{"confirm": token}</c> it writes each instance's purge snapshot and nudges its sync (the sync engine
/// sends the wipe); <c>GET /api/ops/cleanup/{runId}</c> reports progress.
/// </summary>
public sealed class CleanupFunctions(CleanupService cleanup, OperatorEndpoint endpoint)
{
    [Function("OpsCleanup")]
    public Task<IActionResult> PlanOrConfirmAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = OperatorRoutes.Prefix + "/cleanup")] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(request, "cleanup", async call =>
        {
            var (body, problem) = await call.ReadBodyAsync(OperationsJsonContext.Default.CleanupRequest, cancellationToken);
            if (body is null)
            {
                return problem!;
            }

            if (body.Confirm is { } token)
            {
                call.Action = "cleanup-confirm";
                if (body.InstanceIds is not null || body.ApprovalCode is not null || body.All is not null || body.DiscoverUsers is not null)
                {
                    return OperatorAnswer.BadRequest("A confirmation carries only the token: the scope is the one of its dry run.", "$.confirm");
                }

                var outcome = await cleanup.ConfirmAsync(token, cancellationToken);
                call.Target = $"run {(CleanupConfirmation.TryParse(token, out var runId, out _) ? runId : "-")}";
                return OperatorAnswer.From(outcome, progress => progress.Planned, progress => $"{progress.State}");
            }

            call.Action = "cleanup-dry-run";
            if (CleanupScope.TryCreate(body, out var scopeError) is not { } scope)
            {
                return OperatorAnswer.BadRequest(scopeError!);
            }

            call.Target = scope.Describe();
            call.FeishuCall = new FeishuCallDescription("Discovering instances through Feishu's tasks query", "$.discover_users");
            var plan = await cleanup.PlanAsync(scope, cancellationToken);
            call.Target = $"run {plan.RunId ?? "-"}: {plan.Scope}";
            return OperatorAnswer.Ok(plan, plan.Count, "planned, nothing changed");
        });

    [Function("OpsCleanupProgress")]
    public Task<IActionResult> ProgressAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = OperatorRoutes.Prefix + "/cleanup/{runId}")] HttpRequest request,
        string runId,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(request, "cleanup-progress", async call =>
        {
            call.Target = $"run {runId}";

            // Run ids are ours ("yyyyMMddHHmmss-xxxxxxxx"): anything else names no run and is never looked up in storage.
            var progress = CleanupConfirmation.IsRunId(runId) ? await cleanup.ProgressAsync(runId, cancellationToken) : null;
            return progress is null
                ? OperatorAnswer.NotFound($"No clean-up run '{runId}'.", "runId")
                : OperatorAnswer.Ok(progress, progress.Planned, progress.State);
        });
}
