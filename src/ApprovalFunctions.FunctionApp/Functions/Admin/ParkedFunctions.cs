using System.Globalization;
using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.Parked;
using ApprovalFunctions.Core.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Admin;

/// <summary>
/// <c>GET /api/ops/parked[?approval_code=…&amp;feishu_code=…]</c> lists parked instances;
/// <c>POST /api/ops/parked/replay</c> with <c>{"instance_ids":[…]}</c> or <c>{"all":true[, "approval_code", "feishu_code"]}</c>
/// clears their parked state and nudges them again; with <c>"dry_run": true</c> it only counts what it would replay.
/// </summary>
public sealed class ParkedFunctions(ParkedInstances parked, OperatorAudit audit)
{
    [Function("OpsParkedList")]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = OperatorHttp.RoutePrefix + "/parked")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = OperatorCaller.From(request);
        var approvalCode = request.Query["approval_code"].ToString();
        var codeValue = request.Query["feishu_code"].ToString();
        int? feishuCode = null;
        if (codeValue.Length > 0)
        {
            if (!int.TryParse(codeValue, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
            {
                audit.Record(caller, "parked-list", "-", 0, "bad request");
                return OperatorHttp.Error(StatusCodes.Status400BadRequest, "feishu_code must be an integer.", "feishu_code");
            }

            feishuCode = code;
        }

        var filter = new ParkedFilter(approvalCode.Length > 0 ? approvalCode : null, feishuCode);
        var entries = await parked.ListAsync(filter, cancellationToken).ConfigureAwait(false);
        var shown = entries.Take(ParkedInstances.MaxListed).ToList();
        audit.Record(caller, "parked-list", Describe(filter), entries.Count, "listed");
        return OperatorHttp.Json(new ParkedListAnswer(entries.Count, shown, shown.Count < entries.Count));
    }

    [Function("OpsParkedReplay")]
    public async Task<IActionResult> ReplayAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = OperatorHttp.RoutePrefix + "/parked/replay")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = OperatorCaller.From(request);
        var (body, error) = await OperatorHttp.ReadBodyAsync(request, OperationsJsonContext.Default.ReplayRequest, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            audit.Record(caller, "parked-replay", "-", 0, "bad request");
            return error!;
        }

        IReadOnlyCollection<string> instanceIds;
        string target;
        if (body.All == true && body.InstanceIds is null)
        {
            var filter = new ParkedFilter(body.ApprovalCode, body.FeishuCode);
            instanceIds = [.. (await parked.ListAsync(filter, cancellationToken).ConfigureAwait(false)).Select(e => e.InstanceId)];
            target = $"all parked, {Describe(filter)}";
        }
        else if (body.InstanceIds is { Count: > 0 and <= ParkedInstances.MaxNamedInstances } named && body.All is null && body.ApprovalCode is null && body.FeishuCode is null)
        {
            var bad = named.Select((id, index) => (Index: index, Problem: InstanceIds.Problem(id))).FirstOrDefault(p => p.Problem is not null);
            if (bad.Problem is not null)
            {
                audit.Record(caller, "parked-replay", "-", 0, "bad request");
                return OperatorHttp.Error(StatusCodes.Status400BadRequest, $"An instance id: {bad.Problem}", $"$.instance_ids[{bad.Index}]");
            }

            instanceIds = named;
            target = named.Count == 1 ? named[0] : $"{named.Count} named instances";
        }
        else
        {
            audit.Record(caller, "parked-replay", "-", 0, "bad request");
            return OperatorHttp.Error(StatusCodes.Status400BadRequest,
                $"Give instance_ids (1 to {ParkedInstances.MaxNamedInstances} ids) or all: true; approval_code and feishu_code filter all only.", "$");
        }

        if (body.DryRun == true)
        {
            var plan = await parked.DryRunAsync(instanceIds, ParkedInstances.MaxListed, cancellationToken).ConfigureAwait(false);
            audit.Record(caller, "parked-replay-dry-run", target, plan.WouldReplay, "counted, nothing changed");
            return OperatorHttp.Json(plan);
        }

        var result = await parked.ReplayAsync(instanceIds, cancellationToken).ConfigureAwait(false);
        audit.Record(caller, "parked-replay", target, result.Replayed, $"{result.Skipped.Count} skipped");
        return OperatorHttp.Json(result);
    }

    private static string Describe(ParkedFilter filter) =>
        $"approval_code {filter.ApprovalCode ?? "any"}, feishu_code {filter.FeishuCode?.ToString(CultureInfo.InvariantCulture) ?? "any"}";
}
