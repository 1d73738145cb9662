using System.Text.Json.Nodes;

namespace FeishuEmulator.State;

/// <summary>An instance as the emulated Feishu holds it: its last applied fields and effective update_time.</summary>
internal sealed class StoredInstance(string instanceId, long order)
{
    public string InstanceId { get; } = instanceId;

    /// <summary>Creation order; keeps listings and paging stable across REPLACE.</summary>
    public long Order { get; } = order;

    /// <summary>The instance fields as last applied, without task_list, cc_list and update_mode.</summary>
    public JsonObject Fields { get; set; } = [];

    /// <summary>The update_time Feishu last accepted for the instance.</summary>
    public long UpdateTime { get; set; }

    public List<StoredEntity> Tasks { get; set; } = [];

    public List<StoredEntity> Ccs { get; set; } = [];

    public string ApprovalCode => Text("approval_code") ?? string.Empty;

    public string Status => Text("status") ?? string.Empty;

    public string? UserId => Text("user_id");

    public string? OpenId => Text("open_id");

    /// <summary>The clean-up recipe leaves an instance without initiator: then nobody sees it in any list.</summary>
    public bool HasInitiator => !string.IsNullOrEmpty(UserId) || !string.IsNullOrEmpty(OpenId);

    public string? Text(string field) => Fields[field]?.GetValue<string>();
}

/// <summary>A task or CC as the emulated Feishu holds it.</summary>
internal sealed class StoredEntity(string id, JsonObject fields, long updateTime)
{
    public string Id { get; } = id;

    public JsonObject Fields { get; set; } = fields;

    /// <summary>The update_time Feishu last accepted for this task or CC (0 when it was sent without one).</summary>
    public long UpdateTime { get; set; } = updateTime;

    public string? Text(string field) => Fields[field]?.GetValue<string>();
}
