using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Facade;

/// <summary>
/// Feishu's five-step check judgement (approval-api.md §3), asked of what the app has accepted (desired state) instead of
/// what Feishu holds, so a source's FAQ check loop learns whether the app has its change. Pure. Kept apart from the
/// emulator's copy on purpose: the emulator is the independent model our client is tested against, and the end-to-end
/// test compares the two answers for the same claims.
/// </summary>
public static class DesiredStateCheck
{
    /// <summary>The diff entry for one claimed instance, or null when the app holds exactly what the caller claims.</summary>
    /// <param name="desired">The instance's desired state; null when the app never accepted a change to it.</param>
    public static CheckedInstance? Judge(CheckedInstance claimed, DesiredState? desired)
    {
        ArgumentNullException.ThrowIfNull(claimed);

        // Step 1: unknown, or wiped by a clean-up (whose changes the app refuses), comes back with update_time 0 and no tasks.
        if (desired is null || desired.Purged)
        {
            return Difference(claimed.InstanceId, 0, []);
        }

        var instance = desired.Instance;
        var held = (instance.TaskList ?? []).ToDictionary(t => t.TaskId, t => t.UpdateTime ?? instance.UpdateTime, StringComparer.Ordinal);

        // Step 2: a task the app does not hold comes back with update_time 0.
        if (claimed.Tasks.FirstOrDefault(t => !held.ContainsKey(t.TaskId)) is { } unknown)
        {
            return Difference(claimed.InstanceId, instance.UpdateTime, [new CheckedTask { TaskId = unknown.TaskId, UpdateTime = 0 }]);
        }

        // Step 3: a task whose update_time is not the latest the app accepted comes back with the app's time.
        if (claimed.Tasks.FirstOrDefault(t => held[t.TaskId] != t.UpdateTime) is { } stale)
        {
            return Difference(claimed.InstanceId, instance.UpdateTime, [new CheckedTask { TaskId = stale.TaskId, UpdateTime = held[stale.TaskId] }]);
        }

        // Step 4: an instance update_time that is not the latest comes back with the app's time and no tasks; step 5: current.
        return instance.UpdateTime != claimed.UpdateTime ? Difference(claimed.InstanceId, instance.UpdateTime, []) : null;
    }

    private static CheckedInstance Difference(string instanceId, long updateTime, IReadOnlyList<CheckedTask> tasks) =>
        new() { InstanceId = instanceId, UpdateTime = updateTime, Tasks = tasks };
}
