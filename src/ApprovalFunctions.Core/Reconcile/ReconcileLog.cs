using ApprovalFunctions.Feishu.Client;
using Microsoft.Extensions.Logging;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>The structured log lines of a reconcile round and its steps (all under the <see cref="ReconcileRound"/> category).</summary>
internal static partial class ReconcileLog
{
    public static void Finished(ILogger logger, ReconcileSummary summary) =>
        Finished(
            logger,
            summary.Outcome,
            summary.InstancesChecked,
            summary.InstanceMissing,
            summary.TaskMissing,
            summary.TaskStale,
            summary.InstanceStale,
            summary.Resyncs,
            summary.CcsConfirmed,
            summary.InstanceTimeRestores,
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile round finished: {Outcome}, {InstancesChecked} instances checked, diffs: {InstanceMissing} instance missing, {TaskMissing} task missing, {TaskStale} task stale, {InstanceStale} instance stale; {Resyncs} re-syncs, {CcsConfirmed} CCs confirmed, {InstanceTimeRestores} instance times restored, {LaggingRenudged} lagging re-nudged, {ParkedSkipped} parked skipped, {CheckCalls} check calls, {DurationMs} ms, checkpoint lag {CheckpointLagSeconds} s ({Candidates} candidates, sweep shard {SweepShard}, {BudgetDeferred} deferred by budget, {LaggingDeferred} lagging deferred, {Superseded} superseded, {EntitiesRead} entities read).")]
    public static partial void Finished(ILogger logger, ReconcileOutcome outcome, int instancesChecked, int instanceMissing, int taskMissing, int taskStale, int instanceStale, int resyncs, int ccsConfirmed, int instanceTimeRestores, int laggingRenudged, int parkedSkipped, int checkCalls, double durationMs, double? checkpointLagSeconds, int candidates, int sweepShard, int budgetDeferred, int laggingDeferred, int superseded, long entitiesRead);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile round at {RoundStart} skipped: another round holds the round lease.")]
    public static partial void Skipped(ILogger logger, DateTimeOffset roundStart);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile checkpoint {Checkpoint} is older than Reconcile:MaxWindow: the window starts at {WindowStart}; older changes are left to the slow sweep.")]
    public static partial void WindowCapped(ILogger logger, DateTimeOffset checkpoint, DateTimeOffset windowStart);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile round used its {MaxCheckCalls} check calls; {Deferred} instances wait for the next round.")]
    public static partial void BudgetExhausted(ILogger logger, int maxCheckCalls, int deferred);

    [LoggerMessage(Level = LogLevel.Error, Message = "Check call failed ({Kind}): Feishu code {FeishuCode}, log id {LogId}, msg {FeishuMessage}; {BatchSize} instances unchecked. The round fails and the checkpoint stays.")]
    public static partial void CheckFailed(ILogger logger, FeishuErrorKind kind, int? feishuCode, string? logId, string feishuMessage, int batchSize);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Check reported {Kind} for instance {InstanceId}: Feishu time {FeishuTime}, task {TaskId} at {TaskTime}, log id {LogId}. Repair flagged and nudged.")]
    public static partial void Diff(ILogger logger, string instanceId, string kind, long feishuTime, string? taskId, long? taskTime, string? logId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Check answer (diff {Kind}) for instance {InstanceId} superseded by a sync that holds or changed it meanwhile; the next round checks it again.")]
    public static partial void Superseded(ILogger logger, string instanceId, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {InstanceId}: a check confirmed everything sent at the advanced instance time {FeishuTime}; a REPLACE restores the source's {DesiredTime}.")]
    public static partial void Restore(ILogger logger, string instanceId, long feishuTime, long desiredTime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance {InstanceId}: the check confirmed instance time {FeishuTime} but not every CC sent; everything is re-sent above the time ceiling.")]
    public static partial void Unproven(ILogger logger, string instanceId, long feishuTime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Check returned instance {InstanceId}, which was not in the batch (log id {LogId}): ignored.")]
    public static partial void UnexpectedDiff(ILogger logger, string instanceId, string? logId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance {InstanceId} lags (desired version {DesiredVersion}, synced {SyncedDesiredVersion}): re-nudged.")]
    public static partial void Renudged(ILogger logger, string instanceId, long desiredVersion, long syncedDesiredVersion);
}
