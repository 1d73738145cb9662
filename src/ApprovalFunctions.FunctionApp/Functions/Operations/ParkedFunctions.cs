using System.Globalization;
using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.Parked;
using ApprovalFunctions.Core.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Operations;

/// <summary>
/// <c>GET /api/ops/parked[?approval_code=…&amp;feishu_code=…]</c> lists parked instances;
/// <c>POST /api/ops/parked/replay</c> with <c>{"instance_ids":[…]}</c> or <c>{"all":true[, "approval_code", "feishu_code"]}</c>
/// clears their parked state and nudges them again; with <c>"dry_run": true</c> it only counts what it would replay.
/// </summary>
public sealed class ParkedFunctions(ParkedInstances parked, OperatorEndpoint endpoint)
{
    [Function("OpsParkedList")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = OperatorRoutes.Prefix + "/parked")] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(request, "parked-list", async call =>
        {
            var approvalCode = call.Query("approval_code");
            var codeValue = call.Query("feishu_code");
            int? feishuCode = null;
            if (codeValue.Length > 0)
            {
                if (!int.TryParse(codeValue, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
                {
                    return OperatorAnswer.BadRequest("feishu_code must be an integer.", "feishu_code");
                }

                feishuCode = code;
            }

            var filter = new ParkedFilter(approvalCode.Length > 0 ? approvalCode : null, feishuCode);
            call.Target = Describe(filter);
            var entries = await parked.ListAsync(filter, cancellationToken);
            var shown = entries.Take(ParkedInstances.MaxListed).ToList();
            return OperatorAnswer.Ok(new ParkedListAnswer(entries.Count, shown, shown.Count < entries.Count), entries.Count, "listed");
        });

    [Function("OpsParkedReplay")]
    public Task<IActionResult> ReplayAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = OperatorRoutes.Prefix + "/parked/replay")] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(request, "parked-replay", async call =>
        {
            var (body, problem) = await call.ReadBodyAsync(OperationsJsonContext.Default.ReplayRequest, cancellationToken);
            if (body is null)
            {
                return problem!;
            }

            IReadOnlyCollection<string> instanceIds;
            if (body.All == true && body.InstanceIds is null)
            {
                var filter = new ParkedFilter(body.ApprovalCode, body.FeishuCode);
                instanceIds = [.. (await parked.ListAsync(filter, cancellationToken)).Select(e => e.InstanceId)];
                call.Target = $"all parked, {Describe(filter)}";
            }
            else if (body.InstanceIds is { Count: > 0 and <= ParkedInstances.MaxNamedInstances } named && body.All is null && body.ApprovalCode is null && body.FeishuCode is null)
            {
                var bad = named.Select((id, index) => (Index: index, Problem: InstanceIds.Problem(id))).FirstOrDefault(p => p.Problem is not null);
                if (bad.Problem is not null)
                {
                    return OperatorAnswer.BadRequest($"An instance id: {bad.Problem}", $"$.instance_ids[{bad.Index}]");
                }

                instanceIds = named;
                call.Target = named.Count == 1 ? named[0] : $"{named.Count} named instances";
            }
            else
            {
                return OperatorAnswer.BadRequest(
                    $"Give instance_ids (1 to {ParkedInstances.MaxNamedInstances} ids) or all: true; approval_code and feishu_code filter all only.", "$");
            }

            if (body.DryRun == true)
            {
                call.Action = "parked-replay-dry-run";
                var plan = await parked.DryRunAsync(instanceIds, ParkedInstances.MaxListed, cancellationToken);
                return OperatorAnswer.Ok(plan, plan.WouldReplay, "counted, nothing changed");
            }

            var result = await parked.ReplayAsync(instanceIds, cancellationToken);
            return OperatorAnswer.Ok(result, result.Replayed, $"{result.Skipped.Count} skipped");
        });

    private static string Describe(ParkedFilter filter) =>
        $"approval_code {filter.ApprovalCode ?? "any"}, feishu_code {filter.FeishuCode?.ToString(CultureInfo.InvariantCulture) ?? "any"}";
}
