using System.Globalization;
using ApprovalFunctions.Core.Operations.Diagnose;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Timeline;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>
/// The one reading of Feishu's check API for an instance (pure): what we claim Feishu holds, and what Feishu's answer
/// says by the FAQ's judgement. Feishu reports only the first failure per instance, in this order: instance unknown
/// (update_time 0, no tasks), task unknown (that task at 0), task stale (that task at Feishu's time), instance stale
/// (Feishu's time, no tasks). Reconcile repairs by it (<see cref="CheckDiffRepair"/>), the timeline records it and the
/// operator's diagnosis shows it, all in the same words.
/// </summary>
/// <param name="FeishuInstanceTime">Feishu's instance time (0 when Feishu does not know the instance).</param>
/// <param name="TaskId">The task the diff names, for <see cref="CheckDiffKind.TaskMissing"/> and <see cref="CheckDiffKind.TaskStale"/>.</param>
/// <param name="FeishuTaskTime">Feishu's time of that task (0 when Feishu does not know it).</param>
public sealed record CheckVerdict(CheckDiffKind Kind, long FeishuInstanceTime, string? TaskId = null, long? FeishuTaskTime = null)
{
    public static CheckVerdict Of(CheckedInstance diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        if (diff.UpdateTime == 0)
        {
            return new(CheckDiffKind.InstanceMissing, 0);
        }

        return diff.Tasks.Count > 0 && diff.Tasks[0] is var task
            ? new(task.UpdateTime == 0 ? CheckDiffKind.TaskMissing : CheckDiffKind.TaskStale, diff.UpdateTime, task.TaskId, task.UpdateTime)
            : new(CheckDiffKind.InstanceStale, diff.UpdateTime);
    }

    /// <summary>What we believe Feishu holds for one instance: the instance time we last sent and each synced task's time.</summary>
    public static CheckedInstance ClaimOf(SyncedState synced, string? instanceId = null)
    {
        ArgumentNullException.ThrowIfNull(synced);
        return new CheckedInstance
        {
            InstanceId = instanceId ?? synced.InstanceId,
            UpdateTime = synced.FeishuInstanceTime,
            Tasks = [.. synced.Tasks.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new CheckedTask { TaskId = pair.Key, UpdateTime = pair.Value.UpdateTime })],
        };
    }

    /// <summary>
    /// The claim an operator's diagnosis checks: the watermarks once the instance was synced; before that, the desired
    /// times (so the verdict says whether Feishu has the instance at all).
    /// </summary>
    public static CheckedInstance ClaimOf(DesiredState desired, SyncedState? synced)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return synced is { FeishuInstanceTime: > 0 }
            ? ClaimOf(synced, desired.InstanceId)
            : new CheckedInstance
            {
                InstanceId = desired.InstanceId,
                UpdateTime = desired.Instance.UpdateTime,
                Tasks = [.. (desired.Instance.TaskList ?? []).Select(t => new CheckedTask { TaskId = t.TaskId, UpdateTime = t.UpdateTime ?? desired.Instance.UpdateTime })],
            };
    }

    /// <summary>Feishu's answer to the diagnosis's check of <paramref name="claim"/> as the operator's verdict.</summary>
    public static FeishuVerdict Diagnose(CheckedInstance claim, CheckInstancesResponse response, string? logId)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(response);
        if (response.DiffInstances.FirstOrDefault(d => d.InstanceId == claim.InstanceId) is not { } diff)
        {
            return new FeishuVerdict(VerdictKinds.InSync, "Feishu holds exactly the instance and task times we last synced.", claim.UpdateTime, claim.UpdateTime, LogId: logId);
        }

        var verdict = Of(diff);
        var claimedTask = claim.Tasks.FirstOrDefault(t => t.TaskId == verdict.TaskId)?.UpdateTime;
        return verdict.Kind switch
        {
            CheckDiffKind.InstanceMissing => new FeishuVerdict(VerdictKinds.InstanceUnknown, "Feishu does not know this instance: a forced resync (REPLACE) restores it.", claim.UpdateTime, 0, LogId: logId),
            CheckDiffKind.TaskMissing => new FeishuVerdict(VerdictKinds.TaskUnknown, $"{verdict.Finding}.", claim.UpdateTime, diff.UpdateTime, verdict.TaskId, claimedTask, 0, LogId: logId),
            CheckDiffKind.TaskStale => new FeishuVerdict(VerdictKinds.TaskStale, $"{verdict.Finding}, we expected {Format(claimedTask)}.", claim.UpdateTime, diff.UpdateTime, verdict.TaskId, claimedTask, verdict.FeishuTaskTime, LogId: logId),
            _ => new FeishuVerdict(VerdictKinds.InstanceStale, $"{verdict.Finding}, we expected {Format(claim.UpdateTime)}.", claim.UpdateTime, diff.UpdateTime, LogId: logId),
        };
    }

    /// <summary>What Feishu holds, in words: "Feishu holds task 't1' at update_time 1700000000000".</summary>
    public string Finding => Kind switch
    {
        CheckDiffKind.InstanceMissing => "Feishu does not know the instance",
        CheckDiffKind.TaskMissing => $"Feishu does not know task '{TaskId}'",
        CheckDiffKind.TaskStale => $"Feishu holds task '{TaskId}' at update_time {Format(FeishuTaskTime)}",
        _ => $"Feishu holds the instance at update_time {Format(FeishuInstanceTime)}",
    };

    /// <summary>The reconcile round's event for the instance's timeline.</summary>
    public InstanceEvent ToTimelineEvent(long? desiredVersion, string? logId, DateTimeOffset at)
    {
        var repair = Kind == CheckDiffKind.InstanceMissing
            ? "the next sync REPLACEs it (or parks a partial snapshot)"
            : "the next sync resends every task and CC";
        return InstanceEvents.Checked(ReconcileMetrics.KindName(Kind), desiredVersion, logId, at, $"Reconcile: {Finding}; {repair}.");
    }

    private static string Format(long? time) => time?.ToString(CultureInfo.InvariantCulture) ?? "none";
}
