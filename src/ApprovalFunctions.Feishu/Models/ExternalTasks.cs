using System.Text.Json.Serialization;
using ApprovalFunctions.Feishu.Json;

namespace ApprovalFunctions.Feishu.Models;

/// <summary>JSON body of GET /open-apis/approval/v4/external_tasks (a GET with a body, as Feishu defines it).</summary>
public sealed record ExternalTasksQuery
{
    public IReadOnlyList<string>? ApprovalCodes { get; init; }

    /// <summary>At most 20.</summary>
    public IReadOnlyList<string>? InstanceIds { get; init; }

    public IReadOnlyList<string>? UserIds { get; init; }

    public TaskStatus? Status { get; init; }

    [JsonIgnore]
    public int? PageSize { get; init; }

    [JsonIgnore]
    public string? PageToken { get; init; }
}

public sealed record ExternalTasksPage
{
    public IReadOnlyList<ExternalTaskList> Data { get; init; } = [];

    public string? PageToken { get; init; }

    public bool HasMore { get; init; }
}

public sealed record ExternalTaskList
{
    public string? InstanceId { get; init; }

    public string? ApprovalId { get; init; }

    public string? ApprovalCode { get; init; }

    public string? Status { get; init; }

    [JsonConverter(typeof(NullableUnixMillisecondsConverter))]
    public long? UpdateTime { get; init; }

    public IReadOnlyList<ExternalTaskItem> Tasks { get; init; } = [];
}

public sealed record ExternalTaskItem
{
    public string? Id { get; init; }

    public string? Status { get; init; }

    [JsonConverter(typeof(NullableUnixMillisecondsConverter))]
    public long? UpdateTime { get; init; }
}
