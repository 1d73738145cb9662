using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>
/// Reads a check diff and turns it into watermarks the sync engine repairs from (pure).
/// Instance missing → <see cref="SyncedState.LostInFeishu"/> (the next sync REPLACEs, or parks a partial snapshot).
/// Task missing, task stale, instance stale → Feishu's effective times go into the watermarks and
/// <see cref="SyncedState.ResendAll"/> is set: the check reports only the first failure per instance, so the one repair
/// call must carry every task and CC, with an instance time above the one Feishu really holds.
/// </summary>
public static class CheckDiffRepair
{
    public static CheckDiffKind Classify(CheckedInstance diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        if (diff.Tasks.Count > 0)
        {
            return diff.Tasks[0].UpdateTime == 0 ? CheckDiffKind.TaskMissing : CheckDiffKind.TaskStale;
        }

        return diff.UpdateTime == 0 ? CheckDiffKind.InstanceMissing : CheckDiffKind.InstanceStale;
    }

    /// <summary>
    /// The watermarks after <paramref name="diff"/>, applied to <paramref name="current"/>; null when they changed since
    /// <paramref name="checkedState"/> was sent to the check (a sync ran meanwhile: the diff describes an older state,
    /// and the instance is checked again by a later round).
    /// </summary>
    public static SyncedState? Apply(SyncedState current, SyncedState checkedState, CheckedInstance diff)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(checkedState);
        ArgumentNullException.ThrowIfNull(diff);
        if (current.FeishuInstanceTime != checkedState.FeishuInstanceTime
            || current.SyncedDesiredVersion != checkedState.SyncedDesiredVersion
            || current.LastSyncAt != checkedState.LastSyncAt)
        {
            return null;
        }

        var kind = Classify(diff);
        if (kind == CheckDiffKind.InstanceMissing)
        {
            return current with { LostInFeishu = true };
        }

        var tasks = new Dictionary<string, EntityWatermark>(current.Tasks, StringComparer.Ordinal);
        foreach (var task in diff.Tasks)
        {
            if (tasks.TryGetValue(task.TaskId, out var mark))
            {
                tasks[task.TaskId] = mark with { UpdateTime = task.UpdateTime };
            }
        }

        return current with
        {
            FeishuInstanceTime = diff.UpdateTime,
            Tasks = tasks,
            ResendAll = true,
        };
    }

    /// <summary>What we believe Feishu holds for one instance: the instance time we last sent and each synced task's time.</summary>
    public static CheckedInstance ClaimOf(SyncedState synced)
    {
        ArgumentNullException.ThrowIfNull(synced);
        return new CheckedInstance
        {
            InstanceId = synced.InstanceId,
            UpdateTime = synced.FeishuInstanceTime,
            Tasks = synced.Tasks
                .OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => new CheckedTask { TaskId = pair.Key, UpdateTime = pair.Value.UpdateTime })
                .ToList(),
        };
    }
}
