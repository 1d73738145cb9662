using System.Globalization;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Operations.Diagnose;

/// <summary>Builds the check request for one instance and reads Feishu's answer into a <see cref="FeishuVerdict"/> (pure).</summary>
public static class FeishuVerdicts
{
    /// <summary>
    /// The times we believe Feishu holds: the watermarks once the instance was synced; before that, the desired times
    /// (so the verdict says whether Feishu has the instance at all).
    /// </summary>
    public static CheckedInstance Expected(DesiredState desired, SyncedState? synced)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (synced is { FeishuInstanceTime: > 0 })
        {
            return new CheckedInstance
            {
                InstanceId = desired.InstanceId,
                UpdateTime = synced.FeishuInstanceTime,
                Tasks = [.. synced.Tasks.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new CheckedTask { TaskId = t.Key, UpdateTime = t.Value.UpdateTime })],
            };
        }

        return new CheckedInstance
        {
            InstanceId = desired.InstanceId,
            UpdateTime = desired.Instance.UpdateTime,
            Tasks = [.. (desired.Instance.TaskList ?? []).Select(t => new CheckedTask { TaskId = t.TaskId, UpdateTime = t.UpdateTime ?? desired.Instance.UpdateTime })],
        };
    }

    /// <summary>Feishu reports only the first failure per instance, in this order: instance unknown, task unknown, task stale, instance stale.</summary>
    public static FeishuVerdict Read(CheckedInstance expected, CheckInstancesResponse response, string? logId)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(response);
        var diff = response.DiffInstances.FirstOrDefault(d => d.InstanceId == expected.InstanceId);
        if (diff is null)
        {
            return new FeishuVerdict(VerdictKinds.InSync, "Feishu holds exactly the instance and task times we last synced.", expected.UpdateTime, expected.UpdateTime, LogId: logId);
        }

        if (diff.UpdateTime == 0)
        {
            return new FeishuVerdict(VerdictKinds.InstanceUnknown, "Feishu does not know this instance: a forced resync (REPLACE) restores it.", expected.UpdateTime, 0, LogId: logId);
        }

        if (diff.Tasks.FirstOrDefault() is { } task)
        {
            var expectedTask = expected.Tasks.FirstOrDefault(t => t.TaskId == task.TaskId)?.UpdateTime;
            return task.UpdateTime == 0
                ? new FeishuVerdict(VerdictKinds.TaskUnknown, $"Feishu does not know task '{task.TaskId}'.", expected.UpdateTime, diff.UpdateTime, task.TaskId, expectedTask, 0, LogId: logId)
                : new FeishuVerdict(
                    VerdictKinds.TaskStale,
                    $"Feishu holds task '{task.TaskId}' at update_time {Format(task.UpdateTime)}, we expected {Format(expectedTask)}.",
                    expected.UpdateTime, diff.UpdateTime, task.TaskId, expectedTask, task.UpdateTime, LogId: logId);
        }

        return new FeishuVerdict(
            VerdictKinds.InstanceStale,
            $"Feishu holds the instance at update_time {Format(diff.UpdateTime)}, we expected {Format(expected.UpdateTime)}.",
            expected.UpdateTime, diff.UpdateTime, LogId: logId);
    }

    private static string Format(long? time) => time?.ToString(CultureInfo.InvariantCulture) ?? "none";
}
