using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Storage.Tables;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Core.Timeline;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>
/// Step 3 of a round: sends the instances to check to Feishu's check API in batches within the round's call budget
/// (window instances beyond it are rechecked next round), and applies every answer: confirmations and ceilings,
/// repair flags plus a nudge for each diff, restores. A failed check call fails the round.
/// </summary>
/// <param name="logger">The round's logger: every line of a round is under one category.</param>
public sealed partial class CheckAndRepair(
    IFeishuApprovalClient feishu,
    IInstanceStateStore store,
    IChangeIndexTable changeIndex,
    ISyncIssuesTable syncIssues,
    ISyncQueue queue,
    InstanceTimeline timeline,
    TimeProvider timeProvider,
    IOptions<ReconcileOptions> options,
    ILogger<ReconcileRound> logger)
{
    private readonly ReconcileOptions settings = options.Value;

    internal async Task<ReconcileOutcome> CheckAsync(List<ReconcileCandidate> toCheck, ReconcileSummary summary, CancellationToken cancellationToken)
    {
        var (batches, overBudget) = CheckBatcher.Plan(toCheck, settings.CheckBatchSize, settings.MaxCheckCallsPerRound);
        summary.BudgetDeferred = overBudget.Count;
        if (overBudget.Count > 0)
        {
            ReconcileLog.BudgetExhausted(logger, settings.MaxCheckCallsPerRound, overBudget.Count);
            await Parallel.ForEachAsync(overBudget.Where(c => c.Sources.HasFlag(CandidateSource.Window)), RoundParallelism.Of(cancellationToken), async (candidate, ct) =>
                await changeIndex.MarkForRecheckAsync(candidate.InstanceId, candidate.Desired.DesiredVersion, ct));
        }

        foreach (var batch in batches)
        {
            var request = new CheckInstancesRequest { Instances = batch.Select(c => CheckDiffRepair.ClaimOf(c.State!.SyncedOrEmpty)).ToList() };
            FeishuResult<CheckInstancesResponse> result;
            try
            {
                result = await feishu.CheckInstancesAsync(request, cancellationToken);
            }
            catch (FeishuApiException exception)
            {
                summary.CheckCalls++;
                ReconcileLog.CheckFailed(logger, exception.Kind, exception.Code, exception.LogId, exception.FeishuMessage, batch.Count);
                return ReconcileOutcome.Failed;
            }

            summary.CheckCalls++;
            summary.InstancesChecked += batch.Count;
            await RepairAsync(batch, result, summary, cancellationToken);
        }

        return ReconcileOutcome.Completed;
    }

    /// <summary>Applies the check's answer to every instance of the batch: confirmations and ceilings, repairs, restores.</summary>
    private async Task RepairAsync(IReadOnlyList<ReconcileCandidate> batch, FeishuResult<CheckInstancesResponse> result, ReconcileSummary summary, CancellationToken cancellationToken)
    {
        var byId = batch.ToDictionary(c => c.InstanceId, StringComparer.Ordinal);
        var diffs = new Dictionary<string, CheckedInstance>(StringComparer.Ordinal);
        foreach (var diff in result.Data.DiffInstances)
        {
            if (byId.ContainsKey(diff.InstanceId))
            {
                diffs.TryAdd(diff.InstanceId, diff);
            }
            else
            {
                ReconcileLog.UnexpectedDiff(logger, diff.InstanceId, result.LogId);
            }
        }

        await Parallel.ForEachAsync(batch, RoundParallelism.Of(cancellationToken), async (candidate, ct) =>
            await ApplyCheckAsync(candidate, diffs.GetValueOrDefault(candidate.InstanceId), result.LogId, summary, ct));

        await timeline.RecordInSyncAsync(batch.Where(c => !diffs.ContainsKey(c.InstanceId)).Select(c => (c.InstanceId, c.Desired.DesiredVersion)), result.LogId, cancellationToken);
        await Parallel.ForEachAsync(batch.Where(c => c.Sources.HasFlag(CandidateSource.Lagging)), RoundParallelism.Of(cancellationToken), async (candidate, ct) =>
            await syncIssues.DeleteAsync(candidate.InstanceId, SyncIssueKind.Lagging, ct));
    }
}
