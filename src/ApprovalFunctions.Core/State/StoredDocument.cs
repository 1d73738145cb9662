using Azure;

namespace ApprovalFunctions.Core.State;

/// <summary>A document as loaded, with the ETag to write it back with.</summary>
public sealed record StoredDocument<T>(T Document, ETag ETag);

/// <summary>Both rows of one instance, loaded in one partition query; either may be missing.</summary>
public sealed record InstanceState(string InstanceId, StoredDocument<DesiredState>? Desired, StoredDocument<SyncedState>? Synced)
{
    /// <summary>The watermarks, or empty ones when the instance was never synced.</summary>
    public SyncedState SyncedOrEmpty => Synced?.Document ?? SyncedState.Empty(InstanceId);
}
