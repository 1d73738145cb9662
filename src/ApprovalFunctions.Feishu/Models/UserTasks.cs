namespace ApprovalFunctions.Feishu.Models;

/// <summary>Query of GET /open-apis/approval/v4/tasks/query.</summary>
public sealed record UserTasksQuery
{
    public required string UserId { get; init; }

    /// <summary>1 to-do, 2 done, 3 initiated, 17 unread CC, 18 read CC.</summary>
    public required string Topic { get; init; }

    /// <summary>open_id (Feishu's default), union_id or user_id.</summary>
    public string? UserIdType { get; init; }

    /// <summary>Default 100, at most 200.</summary>
    public int? PageSize { get; init; }

    public string? PageToken { get; init; }
}

public static class UserTaskTopics
{
    public const string Todo = "1";
    public const string Done = "2";
    public const string Initiated = "3";
    public const string UnreadCc = "17";
    public const string ReadCc = "18";

    public static IReadOnlyList<string> All { get; } = [Todo, Done, Initiated, UnreadCc, ReadCc];
}

public sealed record UserTasksPage
{
    public IReadOnlyList<UserTask> Tasks { get; init; } = [];

    public bool HasMore { get; init; }

    public string? PageToken { get; init; }

    /// <summary>First page only; total capped at 999.</summary>
    public UserTasksCount? Count { get; init; }
}

public sealed record UserTasksCount
{
    public int Total { get; init; }

    public bool HasMore { get; init; }
}

/// <summary>One task in a user's list. Status values come as numeric strings or words: keep them as strings.</summary>
public sealed record UserTask
{
    public string? Topic { get; init; }

    public string? UserId { get; init; }

    public string? Title { get; init; }

    public UserTaskUrls? Urls { get; init; }

    /// <summary>Our instance_id, for a third-party approval.</summary>
    public string? ProcessExternalId { get; init; }

    /// <summary>Our task_id, for a third-party approval.</summary>
    public string? TaskExternalId { get; init; }

    public string? Status { get; init; }

    public string? ProcessStatus { get; init; }

    public string? DefinitionCode { get; init; }

    public IReadOnlyList<string>? Initiators { get; init; }

    public IReadOnlyList<string>? InitiatorNames { get; init; }

    public string? TaskId { get; init; }

    public string? ProcessId { get; init; }

    public string? ProcessCode { get; init; }

    public string? DefinitionGroupId { get; init; }

    public string? DefinitionGroupName { get; init; }

    public string? DefinitionId { get; init; }

    public string? DefinitionName { get; init; }
}

public sealed record UserTaskUrls
{
    public string? Helpdesk { get; init; }

    public string? Mobile { get; init; }

    public string? Pc { get; init; }
}
