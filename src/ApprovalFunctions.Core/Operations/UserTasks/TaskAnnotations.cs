namespace ApprovalFunctions.Core.Operations.UserTasks;

/// <summary>One task of the user's Feishu list, judged against our desired state.</summary>
/// <param name="KnownInstance">We hold desired state for the instance.</param>
/// <param name="InDesiredState">The task (topics 1, 2), CC (17, 18) or initiator (3) is in desired state; null when the instance is unknown.</param>
/// <param name="ExpectedStatus">What the topic implies, in desired-state words (e.g. "PENDING", "APPROVED|REJECTED|TRANSFERRED|DONE", "UNREAD").</param>
/// <param name="DesiredStatus">The status desired state holds for it.</param>
public sealed record TaskAnnotation(
    string Topic,
    string? InstanceId,
    string? TaskId,
    string? FeishuStatus,
    string? ProcessStatus,
    string? DefinitionCode,
    bool KnownInstance,
    bool? InDesiredState,
    string? ExpectedStatus,
    string? DesiredStatus,
    bool? StatusAsExpected,
    string Verdict,
    string Detail);

/// <summary>A task, CC or initiated instance of the user that desired state holds and Feishu does not list.</summary>
public sealed record MissingInFeishu(string InstanceId, string Kind, string? EntityId, string ExpectedTopic, string DesiredStatus);

public static class AnnotationVerdicts
{
    public const string Ok = "ok";
    public const string NotThirdParty = "not_third_party";
    public const string UnknownInstance = "unknown_instance";
    public const string PurgedInstance = "purged_instance_still_listed";
    public const string NotInDesiredState = "not_in_desired_state";
    public const string WrongStatus = "wrong_status";
}

public static class EntityKinds
{
    public const string Task = "task";
    public const string Cc = "cc";
    public const string Instance = "instance";
}

/// <summary>The user a tasks query is about, and how Feishu spells their id.</summary>
public sealed record TaskUser(string UserId, string? UserIdType)
{
    public const string OpenIdType = "open_id";
    public const string UserIdTypeName = "user_id";
    public const string UnionIdType = "union_id";

    public static IReadOnlyList<string> IdTypes { get; } = [OpenIdType, UserIdTypeName, UnionIdType];

    /// <summary>Desired state holds user_id and open_id only, so a union id cannot be matched against it.</summary>
    public bool CanMatchDesiredState => (UserIdType ?? OpenIdType) is OpenIdType or UserIdTypeName;

    /// <summary>Whether an entity of desired state belongs to this user; null when desired state cannot tell (union ids are not stored).</summary>
    public bool? Owns(string? entityUserId, string? entityOpenId) => (UserIdType ?? OpenIdType) switch
    {
        OpenIdType => entityOpenId == UserId,
        UserIdTypeName => entityUserId == UserId,
        _ => null,
    };
}
