using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Timeline;

/// <summary>A reconcile round's check diff as a timeline event (pure).</summary>
public static class CheckVerdicts
{
    public static InstanceEvent Diff(CheckDiffKind kind, CheckedInstance diff, long? desiredVersion, string? logId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var task = diff.Tasks.Count > 0 ? diff.Tasks[0] : null;
        var detail = kind switch
        {
            CheckDiffKind.InstanceMissing => "Reconcile: Feishu does not know the instance; the next sync REPLACEs it (or parks a partial snapshot).",
            CheckDiffKind.TaskMissing => $"Reconcile: Feishu does not know task '{task?.TaskId}'; the next sync resends every task and CC.",
            CheckDiffKind.TaskStale => $"Reconcile: Feishu holds task '{task?.TaskId}' at update_time {task?.UpdateTime}; the next sync resends every task and CC.",
            _ => $"Reconcile: Feishu holds the instance at update_time {diff.UpdateTime}; the next sync resends every task and CC.",
        };
        return InstanceEvents.Checked(ReconcileMetrics.KindName(kind), desiredVersion, logId, at, detail);
    }
}
