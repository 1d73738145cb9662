using Azure;

namespace ApprovalFunctions.Core.State;

/// <summary>A document as loaded, with the ETag to write it back with.</summary>
public sealed record StoredDocument<T>(T Document, ETag ETag);

/// <summary>Both rows of one instance, loaded in one partition query; either may be missing.</summary>
public sealed record InstanceState(string InstanceId, StoredDocument<DesiredState>? Desired, StoredDocument<SyncedState>? Synced)
{
    /// <summary>The watermarks, or empty ones when the instance was never synced.</summary>
    public SyncedState SyncedOrEmpty => Synced?.Document ?? SyncedState.Empty(InstanceId);

    /// <summary>
    /// A clean-up's purge snapshot is desired and Feishu has it: from here nothing is sent for this instance again and the
    /// reconciler leaves it alone. Until then the snapshot is synced and followed like any other change.
    /// </summary>
    public bool PurgeLanded => Desired?.Document is { Purged: true } desired && SyncedOrEmpty.SyncedDesiredVersion >= desired.DesiredVersion;
}
