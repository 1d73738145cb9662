using System.Security.Cryptography;
using System.Text;

namespace ApprovalFunctions.Core.Operations.Cleanup;

/// <summary>One instance a clean-up wipes. <see cref="Known"/>: we hold desired state for it (otherwise Feishu's task lists found it).</summary>
public sealed record CleanupTarget(string InstanceId, string ApprovalCode, bool Known, bool AlreadyPurged);

/// <summary>What a scope covers now: the instances to wipe, and the named ids that neither we nor Feishu's lists know.</summary>
public sealed record CleanupResolution(IReadOnlyList<CleanupTarget> Targets, IReadOnlyList<string> NotFound)
{
    /// <summary>Binds a confirmation to exactly these instances (and their approval codes).</summary>
    public string Fingerprint()
    {
        var lines = Targets.Select(t => $"{t.InstanceId}\t{t.ApprovalCode}").Order(StringComparer.Ordinal);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }
}

public enum CleanupRunState
{
    /// <summary>Dry run done; waiting for the confirmation.</summary>
    Planned,

    /// <summary>Confirmed; its items' purge snapshots are being written and nudged.</summary>
    Confirmed,

    /// <summary>Every item's purge snapshot is written and nudged: the sync engine sends them.</summary>
    Running,
}

/// <summary>A clean-up run (row <c>cleanup/{runId}</c> of the <c>operations</c> table). Only the token's hash is kept.</summary>
public sealed record CleanupRun
{
    public required string RunId { get; init; }

    public required CleanupScope Scope { get; init; }

    public required string ScopeFingerprint { get; init; }

    public required string ItemsFingerprint { get; init; }

    public required int Planned { get; init; }

    public required int NotFound { get; init; }

    public required string TokenHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public CleanupRunState State { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }
}

public enum CleanupItemState
{
    /// <summary>Waiting for the confirmation.</summary>
    Planned,

    /// <summary>Its purge snapshot is the instance's desired state and instance-sync was nudged.</summary>
    Queued,

    /// <summary>The sync engine landed the purge snapshot in Feishu.</summary>
    Done,

    /// <summary>The sync engine parked the purge snapshot (a permanent refusal, or too many transient ones).</summary>
    Failed,
}

/// <summary>
/// One instance of a run (row <c>cleanup-{runId}/{encoded instance id}</c>): its state, the desired version its purge
/// snapshot got (what the instance's synced row must reach), and, when it failed, why.
/// </summary>
public sealed record CleanupItem(
    string RunId,
    string InstanceId,
    string ApprovalCode,
    CleanupItemState State,
    long? PurgeVersion = null,
    string? Error = null,
    int? FeishuCode = null,
    string? LogId = null,
    DateTimeOffset? FinishedAt = null);
