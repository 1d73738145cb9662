using System.Collections.Concurrent;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Core.Timeline;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>
/// One check-and-resync round (docs/architecture.md, "Reconcile"): the window of <c>changeindex</c> since the
/// checkpoint, the <c>lagging</c> rows and one <c>sweepindex</c> shard; synced instances go to Feishu's check API,
/// every diff becomes repair flags plus a nudge, lagging ones are re-nudged, and the checkpoint advances only when
/// everything succeeded.
/// </summary>
public sealed partial class ReconcileRound(
    IInstanceStateStore store,
    IReconcileIndex index,
    IReconcileCheckpointStore checkpoints,
    IFeishuApprovalClient feishu,
    ISyncQueue queue,
    IOptions<ReconcileOptions> options,
    IOptions<StateOptions> stateOptions,
    ReconcileMetrics metrics,
    TimeProvider timeProvider,
    InstanceTimeline timeline,
    ILogger<ReconcileRound> logger) : IReconcileRound
{
    /// <summary>Concurrent table operations of a round: enough to hide Azure Table latency, few enough for a small host.</summary>
    private const int StorageParallelism = 16;

    private readonly ReconcileOptions settings = options.Value;
    private readonly int shardCount = stateOptions.Value.SweepShardCount;

    public async Task<ReconcileSummary> RunAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var roundStart = timeProvider.GetUtcNow();
        var lease = await checkpoints.TryAcquireRoundAsync(roundStart, roundStart + settings.RoundLeaseDuration, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            var skipped = new ReconcileSummary { Outcome = ReconcileOutcome.Skipped, RoundStart = roundStart };
            LogSkipped(logger, roundStart);
            metrics.Record(skipped);
            return skipped;
        }

        try
        {
            var tally = new ReconcileRoundTally();
            var checkpoint = await checkpoints.GetCheckpointAsync(cancellationToken).ConfigureAwait(false);
            var window = ReconcileWindow.Compute(checkpoint, roundStart, settings.Overlap, settings.MaxWindow);
            if (window.Capped && checkpoint is not null)
            {
                LogWindowCapped(logger, checkpoint.Value, window.From);
            }

            var shard = SweepSchedule.ShardFor(roundStart, settings.SweepPeriod, shardCount);
            var candidates = await CollectCandidatesAsync(window, shard, roundStart, tally, cancellationToken).ConfigureAwait(false);
            var toCheck = await SortCandidatesAsync(candidates, roundStart, tally, cancellationToken).ConfigureAwait(false);

            var outcome = await CheckAsync(toCheck, tally, cancellationToken).ConfigureAwait(false);
            if (outcome == ReconcileOutcome.Completed)
            {
                await checkpoints.AdvanceAsync(roundStart, cancellationToken).ConfigureAwait(false);
            }

            var summary = tally.ToSummary(outcome, roundStart, window, shard, candidates.Count, timeProvider.GetElapsedTime(started), roundStart - checkpoint);
            LogFinished(summary);
            metrics.Record(summary);
            return summary;
        }
        finally
        {
            await checkpoints.ReleaseRoundAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Window, then lagging rows, then the sweep shard (that order is the check priority when the budget runs out).</summary>
    private async Task<List<ReconcileCandidate>> CollectCandidatesAsync(ReconcileWindow window, int shard, DateTimeOffset roundStart, ReconcileRoundTally tally, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<string, ReconcileCandidate>(StringComparer.Ordinal);
        var ordered = new List<ReconcileCandidate>();
        void Add(string instanceId, CandidateSource source)
        {
            if (byId.TryGetValue(instanceId, out var known))
            {
                known.Sources |= source;
                return;
            }

            var candidate = new ReconcileCandidate(instanceId) { Sources = source };
            byId.Add(instanceId, candidate);
            ordered.Add(candidate);
        }

        await foreach (var change in index.ReadWindowAsync(window, cancellationToken).ConfigureAwait(false))
        {
            tally.EntitiesRead++;
            Add(change.InstanceId, CandidateSource.Window);
        }

        await foreach (var issue in store.ListIssuesAsync(SyncIssueKind.Lagging, cancellationToken).ConfigureAwait(false))
        {
            tally.EntitiesRead++;
            Add(issue.InstanceId, CandidateSource.Lagging);
        }

        var expired = new List<SweepIndexEntry>();
        await foreach (var entry in index.ReadSweepShardAsync(shard, cancellationToken).ConfigureAwait(false))
        {
            tally.EntitiesRead++;
            if (entry.IsFinal && roundStart - entry.LastChangedAt > settings.FinalRetention)
            {
                expired.Add(entry);
            }
            else
            {
                Add(entry.InstanceId, CandidateSource.Sweep);
            }
        }

        await Parallel.ForEachAsync(expired, Parallelism(cancellationToken), async (entry, ct) => await index.DeleteSweepEntryAsync(entry, ct).ConfigureAwait(false)).ConfigureAwait(false);
        tally.SweepRowsDeleted = expired.Count;
        return ordered;
    }

    /// <summary>Loads every candidate and acts on what needs no check: parked, purged, in flight, lagging.</summary>
    private async Task<List<ReconcileCandidate>> SortCandidatesAsync(List<ReconcileCandidate> candidates, DateTimeOffset roundStart, ReconcileRoundTally tally, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(candidates, Parallelism(cancellationToken), async (candidate, ct) =>
        {
            var state = await store.LoadAsync(candidate.InstanceId, ct).ConfigureAwait(false);
            candidate.State = state;
            candidate.Disposition = CandidateClassifier.Classify(state, roundStart, settings.LagGrace);
        }).ConfigureAwait(false);

        tally.EntitiesRead += candidates.Sum(c => (c.State!.Desired is null ? 0 : 1) + (c.State.Synced is null ? 0 : 1));

        var lagging = candidates.Where(c => c.Disposition == CandidateDisposition.Lagging).ToList();
        var renudge = lagging.Take(settings.MaxRenudgesPerRound).ToHashSet();
        tally.LaggingRenudged = renudge.Count;
        tally.LaggingDeferred = lagging.Count - renudge.Count;
        tally.ParkedSkipped = candidates.Count(c => c.Disposition == CandidateDisposition.Parked);
        tally.PurgedSkipped = candidates.Count(c => c.Disposition is CandidateDisposition.Purged or CandidateDisposition.Gone);
        tally.InFlight = candidates.Count(c => c.Disposition == CandidateDisposition.InFlight);

        await Parallel.ForEachAsync(candidates, Parallelism(cancellationToken), async (candidate, ct) =>
        {
            var desired = candidate.State!.Desired?.Document;
            switch (candidate.Disposition)
            {
                case CandidateDisposition.Gone or CandidateDisposition.Purged or CandidateDisposition.Parked when candidate.Sources.HasFlag(CandidateSource.Lagging):
                    await index.ClearLaggingAsync(candidate.InstanceId, ct).ConfigureAwait(false);
                    break;
                case CandidateDisposition.InFlight when !candidate.Sources.HasFlag(CandidateSource.Lagging):
                    await index.MarkForRecheckAsync(candidate.InstanceId, desired!.DesiredVersion, ct).ConfigureAwait(false);
                    break;
                case CandidateDisposition.Lagging:
                    var synced = candidate.State.SyncedOrEmpty;
                    var reason = $"Desired version {desired!.DesiredVersion}, synced {synced.SyncedDesiredVersion}{(synced.NeedsRepair ? ", repair pending" : string.Empty)}, last change {desired.LastReceivedAt:O}.";
                    await store.MarkLaggingAsync(candidate.InstanceId, reason, desired.DesiredVersion, ct).ConfigureAwait(false);
                    if (renudge.Contains(candidate))
                    {
                        await queue.EnqueueAsync(new SyncNudge(candidate.InstanceId, desired.DesiredVersion), TimeSpan.Zero, ct).ConfigureAwait(false);

                        // A successful sync deletes the lagging row: the window of the next round must still check its outcome.
                        await index.MarkForRecheckAsync(candidate.InstanceId, desired.DesiredVersion, ct).ConfigureAwait(false);
                        LogRenudged(logger, candidate.InstanceId, desired.DesiredVersion, synced.SyncedDesiredVersion);
                    }

                    break;
            }
        }).ConfigureAwait(false);

        return candidates.Where(c => c.Disposition == CandidateDisposition.Check).ToList();
    }

    private async Task<ReconcileOutcome> CheckAsync(List<ReconcileCandidate> toCheck, ReconcileRoundTally tally, CancellationToken cancellationToken)
    {
        var (batches, overBudget) = CheckBatcher.Plan(toCheck, settings.CheckBatchSize, settings.MaxCheckCallsPerRound);
        tally.BudgetDeferred = overBudget.Count;
        if (overBudget.Count > 0)
        {
            LogBudgetExhausted(logger, settings.MaxCheckCallsPerRound, overBudget.Count);
            await Parallel.ForEachAsync(overBudget.Where(c => c.Sources.HasFlag(CandidateSource.Window)), Parallelism(cancellationToken), async (candidate, ct) =>
                await index.MarkForRecheckAsync(candidate.InstanceId, candidate.State!.Desired!.Document.DesiredVersion, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }

        foreach (var batch in batches)
        {
            var request = new CheckInstancesRequest { Instances = batch.Select(c => CheckDiffRepair.ClaimOf(c.State!.SyncedOrEmpty)).ToList() };
            FeishuResult<CheckInstancesResponse> result;
            try
            {
                result = await feishu.CheckInstancesAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (FeishuApiException exception)
            {
                tally.CheckCalls++;
                LogCheckFailed(logger, exception.Kind, exception.Code, exception.LogId, exception.FeishuMessage, batch.Count);
                return ReconcileOutcome.Failed;
            }

            tally.CheckCalls++;
            tally.InstancesChecked += batch.Count;
            await RepairAsync(batch, result, tally, cancellationToken).ConfigureAwait(false);
        }

        return ReconcileOutcome.Completed;
    }

    /// <summary>Applies the check's answer to every instance of the batch: confirmations and ceilings, repairs, restores.</summary>
    private async Task RepairAsync(IReadOnlyList<ReconcileCandidate> batch, FeishuResult<CheckInstancesResponse> result, ReconcileRoundTally tally, CancellationToken cancellationToken)
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
                LogUnexpectedDiff(logger, diff.InstanceId, result.LogId);
            }
        }

        await Parallel.ForEachAsync(batch, Parallelism(cancellationToken), async (candidate, ct) =>
            await ApplyCheckAsync(candidate, diffs.GetValueOrDefault(candidate.InstanceId), result.LogId, tally, ct).ConfigureAwait(false)).ConfigureAwait(false);

        await timeline.RecordInSyncAsync(batch.Where(c => !diffs.ContainsKey(c.InstanceId)).Select(c => (c.InstanceId, c.State!.Desired!.Document.DesiredVersion)), result.LogId, cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(batch.Where(c => c.Sources.HasFlag(CandidateSource.Lagging)), Parallelism(cancellationToken), async (candidate, ct) =>
            await index.ClearLaggingAsync(candidate.InstanceId, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private static ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = StorageParallelism, CancellationToken = cancellationToken };
}
