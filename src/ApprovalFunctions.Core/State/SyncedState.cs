using System.Text.Json.Serialization;
using ApprovalFunctions.Feishu.Client;

namespace ApprovalFunctions.Core.State;

/// <summary>
/// What Feishu accepted as far as we know (row <c>synced</c> of the <c>instances</c> table), plus sync bookkeeping.
/// Written by the sync engine, the reconciler and operators, always with the row's ETag.
/// </summary>
public sealed record SyncedState
{
    public required string InstanceId { get; init; }

    /// <summary>
    /// The instance <c>update_time</c> Feishu holds as far as we know: the one we last sent (above the desired one only when
    /// the time had to be advanced), or the one a check reported.
    /// </summary>
    public long FeishuInstanceTime { get; init; }

    /// <summary>
    /// The highest instance <c>update_time</c> Feishu may hold or come to hold: raised before every call (a call that timed
    /// out may still have landed), lowered to Feishu's time when a check reports it while no sync runs. A call is proven
    /// by a check only when its instance time is above this ceiling as it stood before the call: Feishu cannot reach that
    /// time any other way. Read it through <see cref="TimeCeiling"/>.
    /// </summary>
    public long FeishuInstanceTimeCeiling { get; init; }

    /// <summary>
    /// The last call sent whose outcome we do not know yet (set before it goes out, cleared when it succeeds or a check
    /// settles what Feishu holds). Its exact retry may go out at the same instance time and still be proven.
    /// </summary>
    public UncertainCall? UncertainCall { get; init; }

    /// <summary>The instance <c>update_time</c> the last clean check confirmed Feishu holds (0 before the first).</summary>
    public long ConfirmedInstanceTime { get; init; }

    /// <summary>
    /// Set while a REPLACE that had to remove or change what UPDATE cannot (a removed task or CC, an UPDATE-immutable field,
    /// a lost instance) awaits a check: the instance time of that call. Until a check shows Feishu at or above it, every
    /// call is a REPLACE again, so that an UPDATE landing after a dropped REPLACE cannot hide the loss.
    /// </summary>
    public long? ReplaceProofTime { get; init; }

    /// <summary>The desired instance <c>update_time</c> whose instance-level fields were last synced.</summary>
    public long SyncedInstanceTime { get; init; }

    /// <summary>Fingerprint of the instance's UPDATE-immutable fields as last synced; null before the first sync.</summary>
    public string? InstanceFingerprint { get; init; }

    public IReadOnlyDictionary<string, EntityWatermark> Tasks { get; init; } = new Dictionary<string, EntityWatermark>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, EntityWatermark> Ccs { get; init; } = new Dictionary<string, EntityWatermark>(StringComparer.Ordinal);

    public long SyncedDesiredVersion { get; init; }

    public DateTimeOffset? LastSyncAt { get; init; }

    public SyncMode? LastSyncMode { get; init; }

    /// <summary>Failed attempts since the last success.</summary>
    public int Attempts { get; init; }

    public SyncError? LastError { get; init; }

    public ParkedState? Parked { get; init; }

    /// <summary>The reconciler found the instance unknown in Feishu: the next sync must REPLACE.</summary>
    public bool LostInFeishu { get; init; }

    /// <summary>The reconciler found Feishu behind: the next UPDATE carries every task and CC.</summary>
    public bool ResendAll { get; init; }

    /// <summary>
    /// A <c>syncissues/lagging</c> row was written for this instance (by a reconcile round, or after Feishu refused our
    /// credentials or quota) and no sync has deleted it yet. The <c>parked</c> row exists exactly while <see cref="Parked"/> is set.
    /// </summary>
    public bool LaggingIssue { get; init; }

    /// <summary>
    /// The reconciler confirmed everything sent while Feishu holds an advanced instance time and the snapshot is complete:
    /// the next sync REPLACEs with the source's own time.
    /// </summary>
    public bool RestoreInstanceTime { get; init; }

    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>Syncs, parks, check verdicts and operator actions, newest last (bounded: see <see cref="Timeline.TimelineOptions"/>); written with the row.</summary>
    public IReadOnlyList<Timeline.InstanceEvent>? Events { get; init; }

    /// <summary>A repair flag asks for a sync even when the desired version was already synced.</summary>
    [JsonIgnore]
    public bool NeedsRepair => LostInFeishu || ResendAll || RestoreInstanceTime;

    /// <summary>The ceiling, never below the time we believe Feishu holds (watermarks written before the ceiling existed have none).</summary>
    [JsonIgnore]
    public long TimeCeiling => Math.Max(FeishuInstanceTimeCeiling, FeishuInstanceTime);

    /// <summary>Something was sent that no check has confirmed yet: a CC, or a REPLACE that had to remove or change something.</summary>
    [JsonIgnore]
    public bool HasUnconfirmed => ReplaceProofTime is not null || Ccs.Values.Any(cc => cc.ProofTime is not null);

    /// <summary>The <c>syncissues</c> rows these watermarks say exist.</summary>
    [JsonIgnore]
    public IReadOnlyList<SyncIssueKind> IssueRows =>
        (Parked, LaggingIssue) switch
        {
            (not null, true) => [SyncIssueKind.Parked, SyncIssueKind.Lagging],
            (not null, false) => [SyncIssueKind.Parked],
            (null, true) => [SyncIssueKind.Lagging],
            _ => [],
        };

    public bool IsLeasedByOther(string owner, DateTimeOffset now) =>
        LeaseOwner is not null && LeaseOwner != owner && LeaseUntil > now;

    /// <summary>A sync holds the instance: its call may be on its way to Feishu.</summary>
    public bool IsLeased(DateTimeOffset now) => LeaseOwner is not null && LeaseUntil > now;

    public static SyncedState Empty(string instanceId) => new() { InstanceId = instanceId };
}

/// <summary>
/// The <c>update_time</c> Feishu accepted for a task or CC, and the fingerprint of its UPDATE-immutable fields.
/// <see cref="ProofTime"/> (CCs only: the check API sees tasks itself) is null once a check confirmed the CC; otherwise it
/// is the instance time of a call that carried the CC in this version, and a check that shows Feishu's instance time at
/// or above it confirms the CC. <see cref="NotInFeishu"/> means Feishu lost it and no call carried it since.
/// </summary>
public sealed record EntityWatermark(long UpdateTime, string Fingerprint, long? ProofTime = null)
{
    public const long NotInFeishu = long.MaxValue;

    [JsonIgnore]
    public bool Confirmed => ProofTime is null;
}

public enum SyncMode
{
    Update,
    Replace,
}

/// <summary>
/// A call that may or may not have landed: its instance time, a hash of its whole body, and the time ceiling before it.
/// A later call with the same body at the same time proves exactly what this one would have.
/// </summary>
public sealed record UncertainCall(long InstanceTime, string RequestHash, long CeilingBefore);

/// <summary>The last failed Feishu call: Feishu's code, msg and X-Tt-Logid.</summary>
public sealed record SyncError(FeishuErrorKind Kind, int? Code, string Message, string? LogId, DateTimeOffset At);

/// <summary>Why an instance is not sent again until it changes (<c>DesiredVersion</c> above <see cref="ParkedDesiredVersion"/>) or is replayed.</summary>
public sealed record ParkedState(string Reason, int? Code, string? Message, string? LogId, DateTimeOffset At, long ParkedDesiredVersion);
