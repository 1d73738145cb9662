using ApprovalFunctions.Core.QuickApproval;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Operations.Diagnose;

/// <summary>The answer of <c>GET /api/ops/instances/{instanceId}</c>.</summary>
public sealed record InstanceDiagnosis(
    string InstanceId,
    DesiredSummary Desired,
    WatermarkSummary? Synced,
    bool Lagging,
    PurgeSummary? Purge,
    FeishuVerdict Verdict,
    ExternalInstance? Snapshot)
{
    /// <summary>Quick-approval actions relayed for this instance (oldest first), when quick approval recorded any.</summary>
    public IReadOnlyList<QuickActionRecord>? Actions { get; init; }
}

public sealed record DesiredSummary(
    string ApprovalCode,
    InstanceStatus Status,
    long DesiredVersion,
    bool Complete,
    long ReplaceRequestedVersion,
    long ReplaceInstanceTime,
    long UpdateTime,
    DateTimeOffset LastReceivedAt,
    IReadOnlyList<EntitySummary> Tasks,
    IReadOnlyList<EntitySummary> Ccs);

/// <summary>A task or CC: its id, status (task status or read status) and update_time. No user ids: they are personal data.</summary>
public sealed record EntitySummary(string Id, string Status, long? UpdateTime);

public sealed record WatermarkSummary(
    long SyncedDesiredVersion,
    long FeishuInstanceTime,
    long SyncedInstanceTime,
    IReadOnlyDictionary<string, long> Tasks,
    IReadOnlyDictionary<string, long> Ccs,
    DateTimeOffset? LastSyncAt,
    SyncMode? LastSyncMode,
    int Attempts,
    SyncError? LastError,
    ParkedState? Parked,
    bool LostInFeishu,
    bool ResendAll,
    DateTimeOffset? LeaseUntil);

public sealed record PurgeSummary(DateTimeOffset? PurgedAt, string? RunId);

/// <summary>Kinds of <see cref="FeishuVerdict"/>.</summary>
public static class VerdictKinds
{
    public const string InSync = "in_sync";
    public const string InstanceUnknown = "instance_unknown";
    public const string TaskUnknown = "task_unknown";
    public const string TaskStale = "task_stale";
    public const string InstanceStale = "instance_stale";
    public const string Purged = "purged";
    public const string Unknown = "unknown";
}

/// <summary>
/// What Feishu's check API says about the instance, compared with the times we believe Feishu holds. For a diff,
/// Feishu's effective times; when Feishu could not be asked, <see cref="VerdictKinds.Unknown"/> with Feishu's error.
/// </summary>
public sealed record FeishuVerdict(
    string Kind,
    string Summary,
    long? ExpectedInstanceTime = null,
    long? FeishuInstanceTime = null,
    string? TaskId = null,
    long? ExpectedTaskTime = null,
    long? FeishuTaskTime = null,
    int? FeishuCode = null,
    string? LogId = null);
