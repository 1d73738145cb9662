using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.LoadGenerator.Tests;

/// <summary>
/// A small model of the merge the pipeline keeps as desired state, where every entity carries its own time:
/// UPDATE applies instance fields with a newer instance time and each task / CC with a newer time of its own;
/// REPLACE is the whole truth as of its instance time: it does the same per entity, and removes the entities it
/// leaves out unless they are newer than it. So the order of delivery never matters.
/// </summary>
internal static class FeishuMergeModel
{
    public static ExternalInstance? Apply(ExternalInstance? current, ExternalInstance change)
    {
        if (current is null)
        {
            return change with { UpdateMode = null };
        }

        var replace = change.EffectiveUpdateMode == UpdateMode.Replace;
        var instance = change.UpdateTime > current.UpdateTime ? change with { UpdateMode = null } : current;
        return instance with
        {
            TaskList = Merge(current.TaskList, change.TaskList, replace, change.UpdateTime, t => t.TaskId, t => t.UpdateTime ?? change.UpdateTime),
            CcList = Merge(current.CcList, change.CcList, replace, change.UpdateTime, c => c.CcId, c => c.UpdateTime),
        };
    }

    private static List<T>? Merge<T>(
        IReadOnlyList<T>? current, IReadOnlyList<T>? incoming, bool replace, long changeTime, Func<T, string> idOf, Func<T, long> timeOf)
    {
        var merged = current?.ToList() ?? [];
        if (replace)
        {
            var kept = (incoming ?? []).Select(idOf).ToHashSet(StringComparer.Ordinal);
            merged.RemoveAll(m => !kept.Contains(idOf(m)) && timeOf(m) <= changeTime);
        }

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
