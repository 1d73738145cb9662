using System.Text.Json.Nodes;

namespace FeishuEmulator.State;

/// <summary>What the emulated Feishu holds for one instance (a deep copy, safe to keep).</summary>
/// <param name="Fields">Every instance field as last applied (without task_list / cc_list).</param>
/// <param name="UpdateTime">The effective update_time: the last one Feishu accepted.</param>
public sealed record InstanceSnapshot(
    string InstanceId,
    string ApprovalCode,
    string Status,
    string? UserId,
    string? OpenId,
    long UpdateTime,
    JsonObject Fields,
    IReadOnlyList<TaskSnapshot> Tasks,
    IReadOnlyList<CcSnapshot> Ccs)
{
    public TaskSnapshot? FindTask(string taskId) => Tasks.FirstOrDefault(t => t.TaskId == taskId);

    public CcSnapshot? FindCc(string ccId) => Ccs.FirstOrDefault(c => c.CcId == ccId);

    public string? Field(string name) => Fields[name]?.GetValue<string>();
}

/// <param name="UpdateTime">The effective update_time of the task (0 when it was sent without one).</param>
public sealed record TaskSnapshot(string TaskId, string? UserId, string? OpenId, string Status, long UpdateTime, JsonObject Fields)
{
    public string? Field(string name) => Fields[name]?.GetValue<string>();
}

/// <param name="UpdateTime">The effective update_time of the CC.</param>
public sealed record CcSnapshot(string CcId, string? UserId, string? OpenId, string ReadStatus, long UpdateTime, JsonObject Fields)
{
    public string? Field(string name) => Fields[name]?.GetValue<string>();
}

/// <summary>What a sync call did to the emulator's state.</summary>
internal sealed record SyncOutcome(bool InstanceApplied, int EntitiesIgnoredStale);
