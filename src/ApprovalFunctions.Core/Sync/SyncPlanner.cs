using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Sync;

/// <summary>
/// Decides the one Feishu call that brings Feishu from the watermarks to desired state (pure).
/// <list type="bullet">
/// <item>REPLACE when the source sent REPLACE since the last sync, an UPDATE-immutable field differs from its synced
/// fingerprint, a synced task or CC is gone from desired state, or Feishu lost the instance; only from a complete
/// snapshot, else park (a REPLACE from a partial snapshot would delete data in Feishu).</item>
/// <item>Otherwise UPDATE with the instance fields and only the tasks and CCs above their watermark (all when ResendAll),
/// or nothing at all.</item>
/// <item>The instance time sent is max(desired, FeishuInstanceTime + 1): Feishu ignores a whole UPDATE whose instance
/// time is not strictly newer than the one it holds, and a task change may come with an older instance time.</item>
/// </list>
/// </summary>
public sealed class SyncPlanner
{
    public SyncPlan Plan(DesiredState desired, SyncedState synced)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(synced);

        var instance = desired.Instance;
        var sentTime = Math.Max(instance.UpdateTime, synced.FeishuInstanceTime + 1);
        var reasons = ReplaceReasons(desired, synced);

        if (reasons.Count > 0)
        {
            if (!desired.Complete)
            {
                var parkReason =
                    $"Instance '{desired.InstanceId}' needs a REPLACE ({string.Join("; ", reasons)}), but its stored snapshot is partial " +
                    "(only UPDATE bodies were received), and a REPLACE from it would delete data in Feishu. " +
                    "Have the source system send a full REPLACE body for this instance.";
                return new SyncPlan(SyncAction.Park, desired.DesiredVersion, instance.UpdateTime, null, reasons, parkReason);
            }

            var replace = instance with { UpdateMode = UpdateMode.Replace, UpdateTime = sentTime };
            return new SyncPlan(SyncAction.Replace, desired.DesiredVersion, instance.UpdateTime, replace, reasons);
        }

        var tasks = instance.TaskList?
            .Where(task => synced.ResendAll || !synced.Tasks.TryGetValue(task.TaskId, out var mark) || (task.UpdateTime ?? 0) > mark.UpdateTime)
            .ToList() ?? [];
        var ccs = instance.CcList?
            .Where(cc => synced.ResendAll || !synced.Ccs.TryGetValue(cc.CcId, out var mark) || cc.UpdateTime > mark.UpdateTime)
            .ToList() ?? [];
        var instanceChanged = synced.ResendAll || synced.InstanceFingerprint is null || instance.UpdateTime > synced.SyncedInstanceTime;

        if (!instanceChanged && tasks.Count == 0 && ccs.Count == 0)
        {
            return new SyncPlan(SyncAction.Nothing, desired.DesiredVersion, instance.UpdateTime, null, []);
        }

        var update = instance with
        {
            UpdateMode = UpdateMode.Update,
            UpdateTime = sentTime,
            TaskList = tasks.Count > 0 ? tasks : null,
            CcList = ccs.Count > 0 ? ccs : null,
        };
        return new SyncPlan(SyncAction.Update, desired.DesiredVersion, instance.UpdateTime, update, []);
    }

    /// <summary>
    /// The watermarks after Feishu answered code 0 to <paramref name="plan"/>'s request, applied to <paramref name="current"/>
    /// (which may have been changed by the reconciler meanwhile). Clears parked state, errors and repair flags.
    /// </summary>
    public SyncedState ApplySuccess(SyncedState current, SyncPlan plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(plan);
        var request = plan.Request ?? throw new ArgumentException("Only a plan that sends a request can succeed.", nameof(plan));
        var replace = plan.Action == SyncAction.Replace;

        var tasks = replace
            ? new Dictionary<string, EntityWatermark>(StringComparer.Ordinal)
            : new Dictionary<string, EntityWatermark>(current.Tasks, StringComparer.Ordinal);
        foreach (var task in request.TaskList ?? [])
        {
            tasks[task.TaskId] = new EntityWatermark(task.UpdateTime ?? request.UpdateTime, ImmutableFingerprints.Of(task));
        }

        var ccs = replace
            ? new Dictionary<string, EntityWatermark>(StringComparer.Ordinal)
            : new Dictionary<string, EntityWatermark>(current.Ccs, StringComparer.Ordinal);
        foreach (var cc in request.CcList ?? [])
        {
            ccs[cc.CcId] = new EntityWatermark(cc.UpdateTime, ImmutableFingerprints.Of(cc));
        }

        return current with
        {
            FeishuInstanceTime = request.UpdateTime,
            SyncedInstanceTime = Math.Max(plan.DesiredInstanceTime, replace ? 0 : current.SyncedInstanceTime),
            InstanceFingerprint = ImmutableFingerprints.Of(request),
            Tasks = tasks,
            Ccs = ccs,
            SyncedDesiredVersion = Math.Max(current.SyncedDesiredVersion, plan.DesiredVersion),
            LastSyncAt = now,
            LastSyncMode = replace ? SyncMode.Replace : SyncMode.Update,
            Attempts = 0,
            LastError = null,
            Parked = null,
            LostInFeishu = false,
            ResendAll = false,
        };
    }

    private static List<string> ReplaceReasons(DesiredState desired, SyncedState synced)
    {
        var reasons = new List<string>();
        if (desired.ReplaceRequestedVersion > synced.SyncedDesiredVersion)
        {
            reasons.Add($"the source sent REPLACE (desired version {desired.ReplaceRequestedVersion})");
        }

        if (synced.LostInFeishu)
        {
            reasons.Add("Feishu does not know the instance");
        }

        if (synced.InstanceFingerprint is { } instanceFingerprint && instanceFingerprint != ImmutableFingerprints.Of(desired.Instance))
        {
            reasons.Add("department_id or department_name changed, which UPDATE cannot change");
        }

        var tasks = DesiredStateMerger.ById(desired.Instance.TaskList, task => task.TaskId);
        foreach (var (taskId, mark) in synced.Tasks.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!tasks.TryGetValue(taskId, out var task))
            {
                reasons.Add($"task '{taskId}' was removed");
            }
            else if (mark.Fingerprint != ImmutableFingerprints.Of(task))
            {
                reasons.Add($"task '{taskId}' changed user_id, open_id, create_time, node_id or node_name, which UPDATE cannot change");
            }
        }

        var ccs = DesiredStateMerger.ById(desired.Instance.CcList, cc => cc.CcId);
        foreach (var (ccId, mark) in synced.Ccs.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!ccs.TryGetValue(ccId, out var cc))
            {
                reasons.Add($"CC '{ccId}' was removed");
            }
            else if (mark.Fingerprint != ImmutableFingerprints.Of(cc))
            {
                reasons.Add($"CC '{ccId}' changed user_id, open_id or create_time, which UPDATE cannot change");
            }
        }

        return reasons;
    }
}
