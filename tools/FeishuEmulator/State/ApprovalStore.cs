using System.Globalization;
using System.Text.Json.Nodes;
using FeishuEmulator.Validation;

namespace FeishuEmulator.State;

/// <summary>
/// Everything the emulated Feishu tenant holds, and the sync / check rules of approval-api.md §2–§3.
/// One lock guards it all: correctness first, and the emulator never holds it across I/O.
/// </summary>
public sealed class ApprovalStore
{
    private static readonly string[] InstanceFieldsUpdateKeeps = ["approval_code", "instance_id", "department_id", "department_name"];
    private static readonly string[] TaskFieldsUpdateKeeps = ["task_id", "user_id", "open_id", "create_time", "node_id", "node_name"];
    private static readonly string[] CcFieldsUpdateKeeps = ["cc_id", "user_id", "open_id", "create_time"];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredInstance> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _approvals = new(StringComparer.Ordinal);
    private long _nextOrder;

    /// <summary>Every instance, in the order they were first synced.</summary>
    public IReadOnlyList<InstanceSnapshot> Instances
    {
        get
        {
            lock (_gate)
            {
                return [.. _instances.Values.OrderBy(i => i.Order).Select(Snapshot)];
            }
        }
    }

    /// <summary>The instance as Feishu holds it, or null when Feishu has never seen it.</summary>
    public InstanceSnapshot? FindInstance(string instanceId)
    {
        lock (_gate)
        {
            return _instances.TryGetValue(instanceId, out var instance) ? Snapshot(instance) : null;
        }
    }

    /// <summary>Approval codes created through <c>external_approvals</c>.</summary>
    public IReadOnlyCollection<string> ApprovalCodes
    {
        get
        {
            lock (_gate)
            {
                return [.. _approvals.Keys];
            }
        }
    }

    /// <summary>The definition as last created or updated through <c>external_approvals</c> (a copy), or null.</summary>
    public JsonObject? FindApproval(string approvalCode)
    {
        lock (_gate)
        {
            return _approvals.TryGetValue(approvalCode, out var definition) ? (JsonObject)definition.DeepClone() : null;
        }
    }

    internal bool IsKnownApproval(string approvalCode)
    {
        lock (_gate)
        {
            return _approvals.ContainsKey(approvalCode);
        }
    }

    internal void SaveApproval(string approvalCode, JsonObject definition)
    {
        lock (_gate)
        {
            _approvals[approvalCode] = (JsonObject)definition.DeepClone();
        }
    }

    internal void Reset()
    {
        lock (_gate)
        {
            _instances.Clear();
            _approvals.Clear();
        }
    }

    /// <summary>Applies a validated sync request by its update_mode (REPLACE when missing).</summary>
    internal SyncOutcome Sync(JsonObject request)
    {
        var instanceId = request["instance_id"]!.GetValue<string>();
        var isUpdate = request["update_mode"]?.GetValue<string>() == "UPDATE";
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var stored))
            {
                // A first sync creates the instance whatever the mode: there is nothing to compare with.
                stored = new StoredInstance(instanceId, _nextOrder++);
                Replace(stored, request);
                _instances[instanceId] = stored;
                return new SyncOutcome(InstanceApplied: true, EntitiesIgnoredStale: 0);
            }

            if (!isUpdate)
            {
                Replace(stored, request);
                return new SyncOutcome(InstanceApplied: true, EntitiesIgnoredStale: 0);
            }

            return Update(stored, request);
        }
    }

    /// <summary>The check API's judgement (seed FAQ, five steps) of each instance; returns diff_instances.</summary>
    internal JsonArray Check(IReadOnlyList<CheckedInstance> instances)
    {
        var diff = new JsonArray();
        lock (_gate)
        {
            foreach (var claimed in instances)
            {
                if (Judge(claimed) is { } difference)
                {
                    diff.Add(difference);
                }
            }
        }

        return diff;
    }

    /// <summary>Runs <paramref name="read"/> over the instances (creation order) under the lock.</summary>
    internal T Read<T>(Func<IEnumerable<StoredInstance>, T> read)
    {
        lock (_gate)
        {
            return read(_instances.Values.OrderBy(i => i.Order));
        }
    }

    private JsonObject? Judge(CheckedInstance claimed)
    {
        // Step 1: an unknown instance comes back with update_time "0" and no tasks.
        if (!_instances.TryGetValue(claimed.InstanceId, out var stored))
        {
            return Difference(claimed.InstanceId, 0, []);
        }

        // Step 2: a task Feishu does not hold comes back with update_time 0.
        foreach (var task in claimed.Tasks)
        {
            if (stored.Tasks.All(t => t.Id != task.TaskId))
            {
                return Difference(stored.InstanceId, stored.UpdateTime, [(task.TaskId, 0)]);
            }
        }

        // Step 3: a task whose update_time is not the one Feishu last accepted comes back with Feishu's time.
        foreach (var task in claimed.Tasks)
        {
            var held = stored.Tasks.First(t => t.Id == task.TaskId);
            if (held.UpdateTime != task.UpdateTime)
            {
                return Difference(stored.InstanceId, stored.UpdateTime, [(held.Id, held.UpdateTime)]);
            }
        }

        // Step 4: an instance update_time that is not Feishu's comes back with Feishu's time and no tasks.
        if (stored.UpdateTime != claimed.UpdateTime)
        {
            return Difference(stored.InstanceId, stored.UpdateTime, []);
        }

        // Step 5: all current.
        return null;
    }

    private static JsonObject Difference(string instanceId, long updateTime, IEnumerable<(string TaskId, long UpdateTime)> tasks) => new()
    {
        ["instance_id"] = instanceId,
        ["update_time"] = Time(updateTime),
        ["tasks"] = new JsonArray([.. tasks.Select(t => (JsonNode)new JsonObject { ["task_id"] = t.TaskId, ["update_time"] = Time(t.UpdateTime) })]),
    };

    private static string Time(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Replace(StoredInstance stored, JsonObject request)
    {
        // REPLACE may change every field but approval_code and instance_id: an instance keeps its first approval_code.
        stored.Fields = stored.Fields.Count == 0
            ? InstanceFields(request)
            : Merge(stored.Fields, InstanceFields(request), ["approval_code"]);
        stored.UpdateTime = ReadTime(request["update_time"], "update_time");
        stored.Tasks = [.. Items(request, "task_list", "task_id")];
        stored.Ccs = [.. Items(request, "cc_list", "cc_id")];
    }

    private static SyncOutcome Update(StoredInstance stored, JsonObject request)
    {
        var updateTime = ReadTime(request["update_time"], "update_time");
        if (updateTime <= stored.UpdateTime)
        {
            // Not newer: nothing of the request applies, and Feishu still answers code 0.
            return new SyncOutcome(InstanceApplied: false, EntitiesIgnoredStale: 0);
        }

        stored.Fields = Merge(stored.Fields, InstanceFields(request), InstanceFieldsUpdateKeeps);
        stored.UpdateTime = updateTime;
        var ignored = MergeItems(stored.Tasks, Items(request, "task_list", "task_id"), TaskFieldsUpdateKeeps)
            + MergeItems(stored.Ccs, Items(request, "cc_list", "cc_id"), CcFieldsUpdateKeeps);
        return new SyncOutcome(InstanceApplied: true, EntitiesIgnoredStale: ignored);
    }

    /// <summary>Adds new items; replaces an existing one only when its update_time is strictly newer. Returns the ignored count.</summary>
    private static int MergeItems(List<StoredEntity> held, IEnumerable<StoredEntity> incoming, string[] keptFields)
    {
        var ignored = 0;
        foreach (var item in incoming)
        {
            var existing = held.Find(h => h.Id == item.Id);
            if (existing is null)
            {
                held.Add(item);
            }
            else if (item.UpdateTime > existing.UpdateTime)
            {
                existing.Fields = Merge(existing.Fields, item.Fields, keptFields);
                existing.UpdateTime = item.UpdateTime;
            }
            else
            {
                ignored++;
            }
        }

        return ignored;
    }

    /// <summary>The incoming fields, except that the fields UPDATE cannot change keep their held value (or stay absent).</summary>
    private static JsonObject Merge(JsonObject held, JsonObject incoming, string[] keptFields)
    {
        var merged = (JsonObject)incoming.DeepClone();
        foreach (var field in keptFields)
        {
            merged.Remove(field);
            if (held[field] is { } value)
            {
                merged[field] = value.DeepClone();
            }
        }

        return merged;
    }

    private static JsonObject InstanceFields(JsonObject request)
    {
        var fields = (JsonObject)request.DeepClone();
        fields.Remove("task_list");
        fields.Remove("cc_list");
        fields.Remove("update_mode");
        return fields;
    }

    private static IEnumerable<StoredEntity> Items(JsonObject request, string list, string idField)
    {
        if (request[list] is not JsonArray items)
        {
            yield break;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var fields = (JsonObject)items[i]!.DeepClone();
            var updateTime = fields["update_time"] is { } time ? ReadTime(time, $"{list}[{i}].update_time") : 0;
            yield return new StoredEntity(fields[idField]!.GetValue<string>(), fields, updateTime);
        }
    }

    private static long ReadTime(JsonNode? node, string path) => SyncPayloadRules.ParseTime(node, path);

    private static InstanceSnapshot Snapshot(StoredInstance i) => new(
        i.InstanceId,
        i.ApprovalCode,
        i.Status,
        i.UserId,
        i.OpenId,
        i.UpdateTime,
        (JsonObject)i.Fields.DeepClone(),
        [.. i.Tasks.Select(t => new TaskSnapshot(t.Id, t.Text("user_id"), t.Text("open_id"), t.Text("status") ?? string.Empty, t.UpdateTime, (JsonObject)t.Fields.DeepClone()))],
        [.. i.Ccs.Select(c => new CcSnapshot(c.Id, c.Text("user_id"), c.Text("open_id"), c.Text("read_status") ?? string.Empty, c.UpdateTime, (JsonObject)c.Fields.DeepClone()))]);
}

/// <summary>One entry of a check request: what the caller believes Feishu holds.</summary>
internal sealed record CheckedInstance(string InstanceId, long UpdateTime, IReadOnlyList<(string TaskId, long UpdateTime)> Tasks);
