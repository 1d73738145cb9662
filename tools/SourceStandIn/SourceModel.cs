using System.Globalization;
using System.Text.Json.Nodes;

namespace ApprovalFunctions.SourceStandIn;

/// <summary>
/// The stand-in's own approval data: each instance as it last sent it to the app (Feishu's sync body), and the
/// webhook ids of the actions it has carried out, so a repeated tap is recognised and not acted on twice.
/// </summary>
public sealed class SourceModel
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _instances = new(StringComparer.Ordinal);
    private readonly HashSet<string> _handled = new(StringComparer.Ordinal);

    public IReadOnlyList<JsonObject> Instances
    {
        get
        {
            lock (_gate)
            {
                return [.. _instances.Values.Select(i => (JsonObject)i.DeepClone())];
            }
        }
    }

    public JsonObject? Find(string instanceId)
    {
        lock (_gate)
        {
            return _instances.TryGetValue(instanceId, out var instance) ? (JsonObject)instance.DeepClone() : null;
        }
    }

    public void Save(JsonObject instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var id = instance["instance_id"]?.GetValue<string>() ?? throw new ArgumentException("The instance has no instance_id.", nameof(instance));
        lock (_gate)
        {
            _instances[id] = (JsonObject)instance.DeepClone();
        }
    }

    public bool WasHandled(string webhookId)
    {
        lock (_gate)
        {
            return _handled.Contains(webhookId);
        }
    }

    /// <summary>Stores the instance after the action and remembers the action's webhook id.</summary>
    public void Commit(string webhookId, JsonObject instance)
    {
        Save(instance);
        lock (_gate)
        {
            _handled.Add(webhookId);
        }
    }

    /// <summary>
    /// What the action does to the instance, decided on a copy: the task becomes APPROVED or REJECTED; a rejection
    /// rejects the instance, the last approval approves it. Times are Unix ms, strictly newer than anything synced before.
    /// </summary>
    public ActionDecision Decide(string? instanceId, string? taskId, string actionType, string? reason, long nowMs)
    {
        if (instanceId is null || Find(instanceId) is not { } instance)
        {
            return ActionDecision.Refuse(404, $"审批系统中没有此审批（{instanceId}）。The approval system has no instance '{instanceId}'.");
        }

        var tasks = instance["task_list"] as JsonArray ?? [];
        if (tasks.OfType<JsonObject>().FirstOrDefault(t => Text(t, "task_id") == taskId) is not { } task)
        {
            return ActionDecision.Refuse(404, $"此审批中没有此任务（{taskId}）。Instance '{instanceId}' has no task '{taskId}'.");
        }

        if (Text(task, "status") is { } status && status != "PENDING")
        {
            return ActionDecision.Refuse(409, $"此任务已处理（{status}）。This task was already handled ({status}).");
        }

        if (actionType == "REJECT" && string.IsNullOrWhiteSpace(reason))
        {
            return ActionDecision.Refuse(422, "拒绝时请填写理由。Please give a reason to reject.");
        }

        var time = Math.Max(nowMs, Math.Max(Time(instance, "update_time"), Time(task, "update_time")) + 1).ToString(CultureInfo.InvariantCulture);
        task["status"] = actionType == "APPROVE" ? "APPROVED" : "REJECTED";
        task["end_time"] = time;
        task["update_time"] = time;
        task.Remove("action_configs");
        var pendingLeft = tasks.OfType<JsonObject>().Any(t => Text(t, "status") == "PENDING");
        if (actionType == "REJECT" || !pendingLeft)
        {
            instance["status"] = actionType == "APPROVE" ? "APPROVED" : "REJECTED";
            instance["end_time"] = time;
        }

        instance["update_time"] = time;
        instance["update_mode"] = "REPLACE";

        // The app needs only what changed: the instance fields and this one task, as an UPDATE.
        var update = (JsonObject)instance.DeepClone();
        update["update_mode"] = "UPDATE";
        update["task_list"] = new JsonArray(task.DeepClone());
        update.Remove("cc_list");
        return new ActionDecision(instance, update, 200, null);
    }

    private static string? Text(JsonObject node, string name) => node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static long Time(JsonObject node, string name) =>
        long.TryParse(Text(node, name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}

/// <summary>The instance after the action and the UPDATE to send, or the refusal (status and message for the approver).</summary>
public sealed record ActionDecision(JsonObject? Instance, JsonObject? Update, int Status, string? Message)
{
    public static ActionDecision Refuse(int status, string message) => new(null, null, status, message);
}
