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
    InstanceTimeSummary InstanceTime,
    IReadOnlyList<CcConfirmation> Ccs,
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
    long FeishuInstanceTimeCeiling,
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
    bool RestoreInstanceTime,
    long? ReplaceProofTime,
    DateTimeOffset? LeaseUntil);

public sealed record PurgeSummary(DateTimeOffset? PurgedAt, string? RunId);

/// <summary>
/// The source's instance <c>update_time</c>, the one last sent to Feishu and the one a check last confirmed;
/// <see cref="Advanced"/> when Feishu holds a later time than the source sent, with the reason in <see cref="Note"/>.
/// </summary>
public sealed record InstanceTimeSummary(long DesiredUpdateTime, long SentUpdateTime, long ConfirmedUpdateTime, bool Advanced, string? Note);

/// <summary>
/// One desired CC: its time in desired state and as last sent, and <see cref="State"/> (<see cref="CcStates"/>);
/// <see cref="AwaitingInstanceTime"/> is the instance time a check must show for it to be confirmed.
/// </summary>
public sealed record CcConfirmation(string CcId, long DesiredUpdateTime, long? SentUpdateTime, string State, long? AwaitingInstanceTime = null);

/// <summary>States of <see cref="CcConfirmation"/>.</summary>
public static class CcStates
{
    /// <summary>A check showed Feishu's instance time at or above that of a call that carried this version.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>Sent, but no check has shown Feishu at the instance time of a call that carried it (the call may have been dropped).</summary>
    public const string AwaitingCheck = "awaiting_check";

    /// <summary>Desired state holds a newer version than was sent: a sync is due.</summary>
    public const string NotSent = "not_sent";

    /// <summary>Feishu lost the instance; the repair REPLACE has not been sent yet.</summary>
    public const string LostInFeishu = "lost_in_feishu";
}

/// <summary>Kinds of <see cref="FeishuVerdict"/>.</summary>
public static class VerdictKinds
{
    public const string InSync = "in_sync";
    public const string UnconfirmedCcs = "unconfirmed_ccs";
    public const string SyncPending = "sync_pending";
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
/// A clean check is <see cref="VerdictKinds.InSync"/> only when nothing is due and everything sent is confirmed
/// (<see cref="Confirmations.Refine"/>).
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
    string? LogId = null,
    IReadOnlyList<string>? UnconfirmedCcs = null,
    long? UnconfirmedReplaceTime = null);
