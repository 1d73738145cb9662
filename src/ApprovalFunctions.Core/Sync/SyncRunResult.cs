namespace ApprovalFunctions.Core.Sync;

/// <summary>What one nudge did.</summary>
public enum SyncRunResult
{
    /// <summary>The desired version was already synced (bursts coalesce here): no call.</summary>
    UpToDate,

    /// <summary>No desired state for the instance: nothing to sync.</summary>
    UnknownInstance,

    /// <summary>The instance was purged and its purge snapshot landed in Feishu: nothing to sync.</summary>
    Purged,

    /// <summary>The instance is parked and unchanged since: no call until it changes or is replayed.</summary>
    StillParked,

    /// <summary>Another sync holds the lease: the nudge was re-enqueued with a short delay.</summary>
    LeaseBusy,

    /// <summary>Nothing differs from the watermarks: no call; the version is recorded as synced.</summary>
    NothingToSend,

    /// <summary>Feishu answered code 0 and the watermarks advanced.</summary>
    Synced,

    /// <summary>Parked: a permanent Feishu error, too many transient ones, or a REPLACE needed from a partial snapshot.</summary>
    Parked,

    /// <summary>A transient, auth or quota failure: the nudge was re-enqueued with a delay.</summary>
    RetryScheduled,
}
