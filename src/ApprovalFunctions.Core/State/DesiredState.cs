using System.Text.Json.Serialization;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.State;

/// <summary>
/// The merged latest state the source system sent for one instance (row <c>desired</c> of the <c>instances</c> table).
/// <see cref="Instance"/> holds the full instance with its tasks and CCs, every task with an <c>update_time</c>
/// (a task sent without one took its body's instance time), and no <c>update_mode</c>. Written by ingest only.
/// </summary>
public sealed record DesiredState
{
    public required string InstanceId { get; init; }

    public required string ApprovalCode { get; init; }

    /// <summary>+1 per accepted change; nudges carry it and the sync watermarks record the last one synced.</summary>
    public required long DesiredVersion { get; init; }

    /// <summary>A REPLACE was seen, so the snapshot is the whole truth and may be sent as REPLACE.</summary>
    public required bool Complete { get; init; }

    /// <summary>The desired version at which the source last sent REPLACE (0 when never).</summary>
    public long ReplaceRequestedVersion { get; init; }

    /// <summary>
    /// The instance <c>update_time</c> of the newest REPLACE merged (0 when none): that snapshot was the whole truth at
    /// that time, so an entity it left out and whose own <c>update_time</c> is not above it is gone.
    /// </summary>
    public long ReplaceInstanceTime { get; init; }

    public required DateTimeOffset LastReceivedAt { get; init; }

    public bool Purged { get; init; }

    public DateTimeOffset? PurgedAt { get; init; }

    public string? PurgeRunId { get; init; }

    public required ExternalInstance Instance { get; init; }

    /// <summary>The changes received, newest last (bounded: see <see cref="Timeline.TimelineOptions"/>); written with the row.</summary>
    public IReadOnlyList<Timeline.InstanceEvent>? Events { get; init; }

    /// <summary>
    /// The <c>changeindex</c> minute bucket this instance was last recorded in (written before this row), so that later
    /// changes in the same minute need no index write.
    /// </summary>
    public string? ChangeIndexedBucket { get; init; }

    /// <summary>The finality the instance's <c>sweepindex</c> row records (null: no row written yet); rewritten only when it changes.</summary>
    public bool? SweepIndexedFinal { get; init; }

    [JsonIgnore]
    public InstanceStatus Status => Instance.Status;

    /// <summary>Every status but PENDING is final: the source will rarely change the instance again.</summary>
    [JsonIgnore]
    public bool IsFinal => Instance.Status != InstanceStatus.Pending;
}
