using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ApprovalFunctions.Core.Json;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Merges one validated change into an instance's desired state by Feishu's own rules, but applied to REPLACE too
/// (Feishu does not time-check REPLACE), so that an older change never overwrites a newer one whatever the order of
/// delivery. Pure: no I/O, no clock.
/// <list type="bullet">
/// <item>REPLACE (or no <c>update_mode</c>) applies when its instance <c>update_time</c> is strictly newer, and then is the whole truth.</item>
/// <item>UPDATE applies instance fields when the instance time is strictly newer and each task / CC when its own time is
/// strictly newer (or it is new); it never removes anything.</item>
/// <item>A task without <c>update_time</c> takes the body's instance <c>update_time</c>.</item>
/// </list>
/// </summary>
public sealed class DesiredStateMerger
{
    public MergeResult Merge(DesiredState? current, ExternalInstance change, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(change);
        var incoming = Normalize(change);
        var isReplace = change.EffectiveUpdateMode == UpdateMode.Replace;

        if (current is null)
        {
            return new MergeResult(MergeOutcome.Applied, new DesiredState
            {
                InstanceId = incoming.InstanceId,
                ApprovalCode = incoming.ApprovalCode,
                DesiredVersion = 1,
                Complete = isReplace,
                ReplaceRequestedVersion = isReplace ? 1 : 0,
                LastReceivedAt = receivedAt,
                Instance = incoming,
            });
        }

        if (current.Purged)
        {
            return new MergeResult(MergeOutcome.Purged, current,
                $"Instance '{current.InstanceId}' was purged by clean-up run '{current.PurgeRunId}' and accepts no more changes.");
        }

        if (!string.Equals(current.ApprovalCode, incoming.ApprovalCode, StringComparison.Ordinal))
        {
            return new MergeResult(MergeOutcome.ApprovalCodeChanged, current,
                $"Instance '{current.InstanceId}' belongs to approval_code '{current.ApprovalCode}'; approval_code cannot change (sent '{incoming.ApprovalCode}').");
        }

        return isReplace ? MergeReplace(current, incoming, receivedAt) : MergeUpdate(current, incoming, receivedAt);
    }

    private static MergeResult MergeReplace(DesiredState current, ExternalInstance incoming, DateTimeOffset receivedAt)
    {
        if (incoming.UpdateTime > current.Instance.UpdateTime)
        {
            var version = current.DesiredVersion + 1;
            return new MergeResult(MergeOutcome.Applied, current with
            {
                DesiredVersion = version,
                Complete = true,
                ReplaceRequestedVersion = version,
                LastReceivedAt = receivedAt,
                Instance = incoming,
            });
        }

        var duplicate = incoming.UpdateTime == current.Instance.UpdateTime
            && SameJson(incoming, current.Instance, CoreJsonContext.Default.ExternalInstance);
        return new MergeResult(duplicate ? MergeOutcome.Duplicate : MergeOutcome.Stale, current);
    }

    private static MergeResult MergeUpdate(DesiredState current, ExternalInstance incoming, DateTimeOffset receivedAt)
    {
        var instanceApplies = incoming.UpdateTime > current.Instance.UpdateTime;
        var duplicate = incoming.UpdateTime == current.Instance.UpdateTime
            && SameJson(incoming with { TaskList = null, CcList = null }, current.Instance with { TaskList = null, CcList = null }, CoreJsonContext.Default.ExternalInstance);

        var tasks = MergeEntities(current.Instance.TaskList, incoming.TaskList, t => t.TaskId, t => t.UpdateTime ?? 0, CoreJsonContext.Default.ExternalTask, ref duplicate);
        var ccs = MergeEntities(current.Instance.CcList, incoming.CcList, c => c.CcId, c => c.UpdateTime, CoreJsonContext.Default.ExternalCc, ref duplicate);

        if (!instanceApplies && !tasks.Applied && !ccs.Applied)
        {
            return new MergeResult(duplicate ? MergeOutcome.Duplicate : MergeOutcome.Stale, current);
        }

        var instanceFields = instanceApplies ? incoming : current.Instance;
        return new MergeResult(MergeOutcome.Applied, current with
        {
            DesiredVersion = current.DesiredVersion + 1,
            LastReceivedAt = receivedAt,
            Instance = instanceFields with { TaskList = tasks.Merged, CcList = ccs.Merged },
        });
    }

    /// <summary>Current entities in their order, each replaced by a strictly newer incoming one; new ones appended.</summary>
    private static (IReadOnlyList<T>? Merged, bool Applied) MergeEntities<T>(
        IReadOnlyList<T>? current,
        IReadOnlyList<T>? incoming,
        Func<T, string> idOf,
        Func<T, long> timeOf,
        JsonTypeInfo<T> typeInfo,
        ref bool duplicate)
    {
        if (incoming is not { Count: > 0 })
        {
            return (current, false);
        }

        var merged = current?.ToList() ?? [];
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < merged.Count; i++)
        {
            positions[idOf(merged[i])] = i;
        }

        var applied = false;
        foreach (var entity in incoming)
        {
            if (!positions.TryGetValue(idOf(entity), out var position))
            {
                positions[idOf(entity)] = merged.Count;
                merged.Add(entity);
                applied = true;
                duplicate = false;
            }
            else if (timeOf(entity) > timeOf(merged[position]))
            {
                merged[position] = entity;
                applied = true;
                duplicate = false;
            }
            else if (timeOf(entity) < timeOf(merged[position]) || !SameJson(entity, merged[position], typeInfo))
            {
                duplicate = false;
            }
        }

        return (merged, applied);
    }

    /// <summary>The stored form of a change: no update_mode, and every task with an update_time.</summary>
    private static ExternalInstance Normalize(ExternalInstance change) => change with
    {
        UpdateMode = null,
        TaskList = change.TaskList?.Select(task => task.UpdateTime is null ? task with { UpdateTime = change.UpdateTime } : task).ToList(),
    };

    private static bool SameJson<T>(T left, T right, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.SerializeToUtf8Bytes(left, typeInfo).AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(right, typeInfo));
}
