using System.Text.Json.Serialization;
using ApprovalFunctions.Feishu.Json;

namespace ApprovalFunctions.Feishu.Models;

/// <summary>Body of POST /open-apis/approval/v4/external_instances/check.</summary>
public sealed record CheckInstancesRequest
{
    public required IReadOnlyList<CheckedInstance> Instances { get; init; }
}

/// <summary>An instance as we believe Feishu holds it; in a response, as Feishu really holds it.</summary>
public sealed record CheckedInstance
{
    public required string InstanceId { get; init; }

    /// <summary>In a diff: Feishu's latest effective time, or 0 when Feishu does not know the instance.</summary>
    [JsonConverter(typeof(UnixMillisecondsConverter))]
    public required long UpdateTime { get; init; }

    public required IReadOnlyList<CheckedTask> Tasks { get; init; }
}

public sealed record CheckedTask
{
    public required string TaskId { get; init; }

    /// <summary>In a diff: Feishu's latest effective time, or 0 when Feishu does not know the task.</summary>
    [JsonConverter(typeof(UnixMillisecondsConverter))]
    public required long UpdateTime { get; init; }
}

public sealed record CheckInstancesResponse
{
    /// <summary>Empty when every instance is current.</summary>
    public IReadOnlyList<CheckedInstance> DiffInstances { get; init; } = [];
}
