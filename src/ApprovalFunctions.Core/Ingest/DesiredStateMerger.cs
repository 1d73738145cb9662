using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ApprovalFunctions.Core.Json;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Merges one validated change into an instance's desired state (pure: no I/O, no clock). The rules make the result
/// independent of the order and repetition of deliveries, so that an older change never overwrites a newer one,
/// in REPLACE mode too (which Feishu itself does not time-check):
/// <list type="bullet">
/// <item>Instance-level fields: the change's apply when its instance <c>update_time</c> is strictly newer.</item>
/// <item>Each task and CC: the change's applies when its own <c>update_time</c> is strictly newer; a task sent without one
/// takes the body's instance <c>update_time</c>.</item>
/// <item>UPDATE never removes. A new entity is added unless a REPLACE snapshot at least as new as it left it out.</item>
/// <item>REPLACE (or no <c>update_mode</c>) is the whole truth as of its instance <c>update_time</c> (tR): applied when tR is
/// newer than the newest REPLACE seen; entities it leaves out are removed unless their own <c>update_time</c> is above tR
/// (they changed after the snapshot, whatever order the two arrived in). Then the snapshot is <c>Complete</c>.</item>
/// <item>Nothing applied: "duplicate" when the body is already contained in desired state, else "stale".</item>
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
                ReplaceInstanceTime = isReplace ? incoming.UpdateTime : 0,
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

    private static MergeResult MergeReplace(DesiredState current, ExternalInstance snapshot, DateTimeOffset receivedAt)
    {
        var snapshotTime = snapshot.UpdateTime;
        if (current.Complete && snapshotTime <= current.ReplaceInstanceTime)
        {
            return Ignored(current, snapshot);
        }

        var instanceFields = snapshotTime > current.Instance.UpdateTime ? snapshot : current.Instance;
        var version = current.DesiredVersion + 1;
        return new MergeResult(MergeOutcome.Applied, current with
        {
            DesiredVersion = version,
            Complete = true,
            ReplaceRequestedVersion = version,
            ReplaceInstanceTime = snapshotTime,
            LastReceivedAt = receivedAt,
            Instance = instanceFields with
            {
                TaskList = ReplaceEntities(current.Instance.TaskList, snapshot.TaskList, snapshotTime, TaskId, TaskTime),
                CcList = ReplaceEntities(current.Instance.CcList, snapshot.CcList, snapshotTime, CcId, CcTime),
            },
        });
    }

    private static MergeResult MergeUpdate(DesiredState current, ExternalInstance change, DateTimeOffset receivedAt)
    {
        var instanceApplies = change.UpdateTime > current.Instance.UpdateTime;
        var tasks = UpdateEntities(current.Instance.TaskList, change.TaskList, current.ReplaceInstanceTime, TaskId, TaskTime);
        var ccs = UpdateEntities(current.Instance.CcList, change.CcList, current.ReplaceInstanceTime, CcId, CcTime);
        if (!instanceApplies && !tasks.Applied && !ccs.Applied)
        {
            return Ignored(current, change);
        }

        var instanceFields = instanceApplies ? change : current.Instance;
        return new MergeResult(MergeOutcome.Applied, current with
        {
            DesiredVersion = current.DesiredVersion + 1,
            LastReceivedAt = receivedAt,
            Instance = instanceFields with { TaskList = tasks.Merged, CcList = ccs.Merged },
        });
    }

    /// <summary>The snapshot's entities (each kept from current state when that one is strictly newer), then the current ones it left out that changed after it.</summary>
    private static List<T>? ReplaceEntities<T>(IReadOnlyList<T>? current, IReadOnlyList<T>? snapshot, long snapshotTime, Func<T, string> idOf, Func<T, long> timeOf)
    {
        var currentById = ById(current, idOf);
        var merged = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in snapshot ?? [])
        {
            seen.Add(idOf(entity));
            merged.Add(currentById.TryGetValue(idOf(entity), out var existing) && timeOf(existing) > timeOf(entity) ? existing : entity);
        }

        merged.AddRange((current ?? []).Where(entity => !seen.Contains(idOf(entity)) && timeOf(entity) > snapshotTime));
        return merged.Count > 0 ? merged : null;
    }

    /// <summary>Current entities in their order, each replaced by a strictly newer incoming one; new ones appended unless a newer snapshot left them out.</summary>
    private static (IReadOnlyList<T>? Merged, bool Applied) UpdateEntities<T>(IReadOnlyList<T>? current, IReadOnlyList<T>? incoming, long replaceTime, Func<T, string> idOf, Func<T, long> timeOf)
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
            if (positions.TryGetValue(idOf(entity), out var position))
            {
                if (timeOf(entity) > timeOf(merged[position]))
                {
                    merged[position] = entity;
                    applied = true;
                }
            }
            else if (timeOf(entity) > replaceTime)
            {
                positions[idOf(entity)] = merged.Count;
                merged.Add(entity);
                applied = true;
            }
        }

        return (merged, applied);
    }

    /// <summary>Nothing applied: a duplicate when every part of the body is already in desired state as sent, else stale.</summary>
    private static MergeResult Ignored(DesiredState current, ExternalInstance body)
    {
        var held = current.Instance;
        var duplicate = body.UpdateTime == held.UpdateTime
            && SameJson(body with { TaskList = null, CcList = null }, held with { TaskList = null, CcList = null }, CoreJsonContext.Default.ExternalInstance)
            && Contained(body.TaskList, held.TaskList, TaskId, CoreJsonContext.Default.ExternalTask)
            && Contained(body.CcList, held.CcList, CcId, CoreJsonContext.Default.ExternalCc);
        return new MergeResult(duplicate ? MergeOutcome.Duplicate : MergeOutcome.Stale, current);
    }

    private static bool Contained<T>(IReadOnlyList<T>? sent, IReadOnlyList<T>? held, Func<T, string> idOf, JsonTypeInfo<T> typeInfo)
    {
        var heldById = ById(held, idOf);
        return (sent ?? []).All(entity => heldById.TryGetValue(idOf(entity), out var existing) && SameJson(entity, existing, typeInfo));
    }

    /// <summary>The stored form of a change: no update_mode, and every task with an update_time.</summary>
    private static ExternalInstance Normalize(ExternalInstance change) => change with
    {
        UpdateMode = null,
        TaskList = change.TaskList?.Select(task => task.UpdateTime is null ? task with { UpdateTime = change.UpdateTime } : task).ToList(),
    };

    /// <summary>Entities by id; validation rejects duplicate ids, and should one slip through, the last one wins as in a merge.</summary>
    internal static Dictionary<string, T> ById<T>(IReadOnlyList<T>? entities, Func<T, string> idOf)
    {
        var byId = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var entity in entities ?? [])
        {
            byId[idOf(entity)] = entity;
        }

        return byId;
    }

    private static string TaskId(ExternalTask task) => task.TaskId;

    private static long TaskTime(ExternalTask task) => task.UpdateTime ?? 0;

    private static string CcId(ExternalCc cc) => cc.CcId;

    private static long CcTime(ExternalCc cc) => cc.UpdateTime;

    private static bool SameJson<T>(T left, T right, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.SerializeToUtf8Bytes(left, typeInfo).AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(right, typeInfo));
}
