using System.Text.Json.Serialization;

namespace ApprovalFunctions.Feishu.Models;

[JsonConverter(typeof(JsonStringEnumConverter<InstanceStatus>))]
public enum InstanceStatus
{
    [JsonStringEnumMemberName("PENDING")] Pending,
    [JsonStringEnumMemberName("APPROVED")] Approved,
    [JsonStringEnumMemberName("REJECTED")] Rejected,
    [JsonStringEnumMemberName("CANCELED")] Canceled,
    [JsonStringEnumMemberName("DELETED")] Deleted,
    [JsonStringEnumMemberName("HIDDEN")] Hidden,
    [JsonStringEnumMemberName("TERMINATED")] Terminated,
}

[JsonConverter(typeof(JsonStringEnumConverter<TaskStatus>))]
public enum TaskStatus
{
    [JsonStringEnumMemberName("PENDING")] Pending,
    [JsonStringEnumMemberName("APPROVED")] Approved,
    [JsonStringEnumMemberName("REJECTED")] Rejected,
    [JsonStringEnumMemberName("TRANSFERRED")] Transferred,
    [JsonStringEnumMemberName("DONE")] Done,
}

[JsonConverter(typeof(JsonStringEnumConverter<ReadStatus>))]
public enum ReadStatus
{
    [JsonStringEnumMemberName("READ")] Read,
    [JsonStringEnumMemberName("UNREAD")] Unread,
}

[JsonConverter(typeof(JsonStringEnumConverter<UpdateMode>))]
public enum UpdateMode
{
    /// <summary>The request is the whole truth: what it leaves out is deleted; no time is checked.</summary>
    [JsonStringEnumMemberName("REPLACE")] Replace,

    /// <summary>Adds and updates only; each entity applies only with a strictly newer update_time.</summary>
    [JsonStringEnumMemberName("UPDATE")] Update,
}

[JsonConverter(typeof(JsonStringEnumConverter<DisplayMethod>))]
public enum DisplayMethod
{
    [JsonStringEnumMemberName("BROWSER")] Browser,
    [JsonStringEnumMemberName("SIDEBAR")] Sidebar,
    [JsonStringEnumMemberName("NORMAL")] Normal,
    [JsonStringEnumMemberName("TRUSTEESHIP")] Trusteeship,
}

[JsonConverter(typeof(JsonStringEnumConverter<TaskGenerateType>))]
public enum TaskGenerateType
{
    [JsonStringEnumMemberName("EXTERNAL_CONSIGN")] ExternalConsign,
    [JsonStringEnumMemberName("DEFAULT")] Default,
}

[JsonConverter(typeof(JsonStringEnumConverter<TrusteeshipFormPolicy>))]
public enum TrusteeshipFormPolicy
{
    [JsonStringEnumMemberName("DISABLE")] Disable,
    [JsonStringEnumMemberName("IMMUTABLE")] Immutable,
    [JsonStringEnumMemberName("BY_NODE")] ByNode,
    [JsonStringEnumMemberName("BY_USER")] ByUser,
}
