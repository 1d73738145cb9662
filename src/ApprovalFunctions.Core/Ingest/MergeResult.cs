using ApprovalFunctions.Core.State;

namespace ApprovalFunctions.Core.Ingest;

public enum MergeOutcome
{
    /// <summary>Something applied: <see cref="MergeResult.Desired"/> is the new desired state to store.</summary>
    Applied,

    /// <summary>Nothing applied: every entity of the change is older than (or as old as, but different from) desired state.</summary>
    Stale,

    /// <summary>Nothing applied: the change repeats what desired state already holds.</summary>
    Duplicate,

    /// <summary>The instance is known under another approval code; Feishu never changes it.</summary>
    ApprovalCodeChanged,

    /// <summary>The instance was purged by a clean-up run and takes no more changes.</summary>
    Purged,
}

/// <summary>What merging one change into desired state did. <see cref="Desired"/> is the new state when applied, else the current one (null for a conflict on nothing).</summary>
public sealed record MergeResult(MergeOutcome Outcome, DesiredState? Desired, string? ConflictMessage = null)
{
    public bool IsConflict => Outcome is MergeOutcome.ApprovalCodeChanged or MergeOutcome.Purged;
}
