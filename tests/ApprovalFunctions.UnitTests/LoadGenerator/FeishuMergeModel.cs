using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.UnitTests.LoadGenerator;

/// <summary>
/// A small model of the per-entity merge the pipeline keeps as desired state: REPLACE is the whole truth when its
/// instance time is newer; UPDATE applies instance fields with a newer instance time and each task / CC with a newer
/// time of its own.
/// </summary>
internal static class FeishuMergeModel
{
    public static ExternalInstance? Apply(ExternalInstance? current, ExternalInstance change)
    {
        if (current is null)
        {
            return change with { UpdateMode = null };
        }

        if (change.EffectiveUpdateMode == UpdateMode.Replace)
        {
            return change.UpdateTime > current.UpdateTime ? change with { UpdateMode = null } : current;
        }

        var instance = change.UpdateTime > current.UpdateTime ? change with { UpdateMode = null } : current;
        return instance with
        {
            TaskList = Merge(current.TaskList, change.TaskList, t => t.TaskId, t => t.UpdateTime ?? change.UpdateTime),
            CcList = Merge(current.CcList, change.CcList, c => c.CcId, c => c.UpdateTime),
        };
    }

    private static List<T>? Merge<T>(IReadOnlyList<T>? current, IReadOnlyList<T>? incoming, Func<T, string> idOf, Func<T, long> timeOf)
    {
        var merged = current?.ToList() ?? [];
        foreach (var item in incoming ?? [])
        {
            var index = merged.FindIndex(m => idOf(m) == idOf(item));
            if (index < 0)
            {
                merged.Add(item);
            }
            else if (timeOf(item) > timeOf(merged[index]))
            {
                merged[index] = item;
            }
        }

        return merged.Count == 0 ? null : merged;
    }
}
