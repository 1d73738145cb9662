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
            var tally = new Tally();
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
            LogFinished(
                logger,
                summary.Outcome,
                summary.InstancesChecked,
                summary.InstanceMissing,
                summary.TaskMissing,
                summary.TaskStale,
                summary.InstanceStale,
                summary.Resyncs,
                summary.LaggingRenudged,
                summary.ParkedSkipped,
                summary.CheckCalls,
                summary.Duration.TotalMilliseconds,
                summary.CheckpointLag?.TotalSeconds,
                summary.Candidates,
                summary.SweepShard,
                summary.BudgetDeferred,
                summary.LaggingDeferred,
                summary.Superseded,
                summary.EntitiesRead);
            metrics.Record(summary);
            return summary;
        }
        finally
        {
            await checkpoints.ReleaseRoundAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Window, then lagging rows, then the sweep shard (that order is the check priority when the budget runs out).</summary>
    private async Task<List<Candidate>> CollectCandidatesAsync(ReconcileWindow window, int shard, DateTimeOffset roundStart, Tally tally, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        var ordered = new List<Candidate>();
        void Add(string instanceId, CandidateSource source)
        {
            if (byId.TryGetValue(instanceId, out var known))
            {
                known.Sources |= source;
                return;
            }

            var candidate = new Candidate(instanceId) { Sources = source };
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
    private async Task<List<Candidate>> SortCandidatesAsync(List<Candidate> candidates, DateTimeOffset roundStart, Tally tally, CancellationToken cancellationToken)
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

    private async Task<ReconcileOutcome> CheckAsync(List<Candidate> toCheck, Tally tally, CancellationToken cancellationToken)
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

    private async Task RepairAsync(IReadOnlyList<Candidate> batch, FeishuResult<CheckInstancesResponse> result, Tally tally, CancellationToken cancellationToken)
    {
        var byId = batch.ToDictionary(c => c.InstanceId, StringComparer.Ordinal);
        var diffs = new ConcurrentBag<(Candidate Candidate, CheckedInstance Diff)>();
        foreach (var diff in result.Data.DiffInstances)
        {
            if (byId.TryGetValue(diff.InstanceId, out var candidate))
            {
                diffs.Add((candidate, diff));
            }
            else
            {
                LogUnexpectedDiff(logger, diff.InstanceId, result.LogId);
            }
        }

        await Parallel.ForEachAsync(diffs, Parallelism(cancellationToken), async (item, ct) =>
        {
            var (candidate, diff) = item;
            var kind = CheckDiffRepair.Classify(diff);
            var checkedState = candidate.State!.SyncedOrEmpty;
            var applied = false;
            await store.UpdateSyncedAsync(candidate.InstanceId, current =>
            {
                var repaired = current.Synced is { } synced ? CheckDiffRepair.Apply(synced.Document, checkedState, diff) : null;
                applied = repaired is not null;
                return repaired is null ? null : timeline.Fold(repaired, CheckVerdicts.Diff(kind, diff, candidate.State.Desired?.Document.DesiredVersion, result.LogId, timeProvider.GetUtcNow()));
            }, ct).ConfigureAwait(false);

            if (!applied)
            {
                tally.AddSuperseded();
                LogSuperseded(logger, candidate.InstanceId, kind);
                return;
            }

            var version = candidate.State.Desired!.Document.DesiredVersion;
            await queue.EnqueueAsync(new SyncNudge(candidate.InstanceId, version), TimeSpan.Zero, ct).ConfigureAwait(false);

            // Check the repair's outcome next round: Feishu may drop the repair call too.
            await index.MarkForRecheckAsync(candidate.InstanceId, version, ct).ConfigureAwait(false);
            tally.AddDiff(kind);
            LogDiff(logger, candidate.InstanceId, ReconcileMetrics.KindName(kind), diff.UpdateTime, diff.Tasks.Count > 0 ? diff.Tasks[0].TaskId : null, diff.Tasks.Count > 0 ? diff.Tasks[0].UpdateTime : null, result.LogId);
        }).ConfigureAwait(false);

        var differing = diffs.Select(d => d.Candidate.InstanceId).ToHashSet(StringComparer.Ordinal);
        await timeline.RecordInSyncAsync(batch.Where(c => !differing.Contains(c.InstanceId)).Select(c => (c.InstanceId, c.State!.Desired!.Document.DesiredVersion)), result.LogId, cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(batch.Where(c => c.Sources.HasFlag(CandidateSource.Lagging)), Parallelism(cancellationToken), async (candidate, ct) =>
            await index.ClearLaggingAsync(candidate.InstanceId, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private static ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = StorageParallelism, CancellationToken = cancellationToken };

    [Flags]
    private enum CandidateSource
    {
        Window = 1,
        Lagging = 2,
        Sweep = 4,
    }

    private sealed class Candidate(string instanceId)
    {
        public string InstanceId { get; } = instanceId;

        public CandidateSource Sources { get; set; }

        public InstanceState? State { get; set; }

        public CandidateDisposition Disposition { get; set; }
    }

    /// <summary>The round's counts; the diff counts are bumped from parallel repairs.</summary>
    private sealed class Tally
    {
        private readonly int[] diffs = new int[Enum.GetValues<CheckDiffKind>().Length];
        private int superseded;

        public long EntitiesRead { get; set; }

        public int InstancesChecked { get; set; }

        public int CheckCalls { get; set; }

        public int LaggingRenudged { get; set; }

        public int LaggingDeferred { get; set; }

        public int InFlight { get; set; }

        public int ParkedSkipped { get; set; }

        public int PurgedSkipped { get; set; }

        public int BudgetDeferred { get; set; }

        public int SweepRowsDeleted { get; set; }

        public void AddDiff(CheckDiffKind kind) => Interlocked.Increment(ref diffs[(int)kind]);

        public void AddSuperseded() => Interlocked.Increment(ref superseded);

        public ReconcileSummary ToSummary(ReconcileOutcome outcome, DateTimeOffset roundStart, ReconcileWindow window, int shard, int candidates, TimeSpan duration, TimeSpan? checkpointLag) => new()
        {
            Outcome = outcome,
            RoundStart = roundStart,
            Window = window,
            SweepShard = shard,
            Candidates = candidates,
            InstancesChecked = InstancesChecked,
            InstanceMissing = diffs[(int)CheckDiffKind.InstanceMissing],
            TaskMissing = diffs[(int)CheckDiffKind.TaskMissing],
            TaskStale = diffs[(int)CheckDiffKind.TaskStale],
            InstanceStale = diffs[(int)CheckDiffKind.InstanceStale],
            Resyncs = diffs.Sum(),
            Superseded = superseded,
            LaggingRenudged = LaggingRenudged,
            LaggingDeferred = LaggingDeferred,
            InFlight = InFlight,
            ParkedSkipped = ParkedSkipped,
            PurgedSkipped = PurgedSkipped,
            BudgetDeferred = BudgetDeferred,
            SweepRowsDeleted = SweepRowsDeleted,
            CheckCalls = CheckCalls,
            EntitiesRead = EntitiesRead,
            Duration = duration,
            CheckpointLag = checkpointLag,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile round finished: {Outcome}, {InstancesChecked} instances checked, diffs: {InstanceMissing} instance missing, {TaskMissing} task missing, {TaskStale} task stale, {InstanceStale} instance stale; {Resyncs} re-syncs, {LaggingRenudged} lagging re-nudged, {ParkedSkipped} parked skipped, {CheckCalls} check calls, {DurationMs} ms, checkpoint lag {CheckpointLagSeconds} s ({Candidates} candidates, sweep shard {SweepShard}, {BudgetDeferred} deferred by budget, {LaggingDeferred} lagging deferred, {Superseded} superseded, {EntitiesRead} entities read).")]
    private static partial void LogFinished(ILogger logger, ReconcileOutcome outcome, int instancesChecked, int instanceMissing, int taskMissing, int taskStale, int instanceStale, int resyncs, int laggingRenudged, int parkedSkipped, int checkCalls, double durationMs, double? checkpointLagSeconds, int candidates, int sweepShard, int budgetDeferred, int laggingDeferred, int superseded, long entitiesRead);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile round at {RoundStart} skipped: another round holds the round lease.")]
    private static partial void LogSkipped(ILogger logger, DateTimeOffset roundStart);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile checkpoint {Checkpoint} is older than Reconcile:MaxWindow: the window starts at {WindowStart}; older changes are left to the slow sweep.")]
    private static partial void LogWindowCapped(ILogger logger, DateTimeOffset checkpoint, DateTimeOffset windowStart);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile round used its {MaxCheckCalls} check calls; {Deferred} instances wait for the next round.")]
    private static partial void LogBudgetExhausted(ILogger logger, int maxCheckCalls, int deferred);

    [LoggerMessage(Level = LogLevel.Error, Message = "Check call failed ({Kind}): Feishu code {FeishuCode}, log id {LogId}, msg {FeishuMessage}; {BatchSize} instances unchecked. The round fails and the checkpoint stays.")]
    private static partial void LogCheckFailed(ILogger logger, FeishuErrorKind kind, int? feishuCode, string? logId, string feishuMessage, int batchSize);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Check reported {Kind} for instance {InstanceId}: Feishu time {FeishuTime}, task {TaskId} at {TaskTime}, log id {LogId}. Repair flagged and nudged.")]
    private static partial void LogDiff(ILogger logger, string instanceId, string kind, long feishuTime, string? taskId, long? taskTime, string? logId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Check diff ({Kind}) for instance {InstanceId} superseded by a sync that ran meanwhile; a later round checks it again.")]
    private static partial void LogSuperseded(ILogger logger, string instanceId, CheckDiffKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Check returned instance {InstanceId}, which was not in the batch (log id {LogId}): ignored.")]
    private static partial void LogUnexpectedDiff(ILogger logger, string instanceId, string? logId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance {InstanceId} lags (desired version {DesiredVersion}, synced {SyncedDesiredVersion}): re-nudged.")]
    private static partial void LogRenudged(ILogger logger, string instanceId, long desiredVersion, long syncedDesiredVersion);
}
