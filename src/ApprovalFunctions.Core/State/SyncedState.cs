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

    /// <summary>The instance <c>update_time</c> Feishu holds: the one we last sent, which may be above the desired one.</summary>
    public long FeishuInstanceTime { get; init; }

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

    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>Syncs, parks, check verdicts and operator actions, newest last (bounded: see <see cref="Timeline.TimelineOptions"/>); written with the row.</summary>
    public IReadOnlyList<Timeline.InstanceEvent>? Events { get; init; }

    /// <summary>A repair flag asks for a sync even when the desired version was already synced.</summary>
    public bool NeedsRepair => LostInFeishu || ResendAll;

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

    public static SyncedState Empty(string instanceId) => new() { InstanceId = instanceId };
}

/// <summary>The <c>update_time</c> Feishu accepted for a task or CC, and the fingerprint of its UPDATE-immutable fields.</summary>
public sealed record EntityWatermark(long UpdateTime, string Fingerprint);

public enum SyncMode
{
    Update,
    Replace,
}

/// <summary>The last failed Feishu call: Feishu's code, msg and X-Tt-Logid.</summary>
public sealed record SyncError(FeishuErrorKind Kind, int? Code, string Message, string? LogId, DateTimeOffset At);

/// <summary>Why an instance is not sent again until it changes (<c>DesiredVersion</c> above <see cref="ParkedDesiredVersion"/>) or is replayed.</summary>
public sealed record ParkedState(string Reason, int? Code, string? Message, string? LogId, DateTimeOffset At, long ParkedDesiredVersion);
