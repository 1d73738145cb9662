namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>
/// The reconcile checkpoint and the round lease, rows <c>checkpoint</c> and <c>round-lease</c> of partition
/// <c>reconcile</c> in the <c>operations</c> table, both written with their ETag.
/// </summary>
public interface IReconcileCheckpointStore
{
    /// <summary>The start of the last round that fully succeeded, or null before the first.</summary>
    Task<DateTimeOffset?> GetCheckpointAsync(CancellationToken cancellationToken);

    /// <summary>Moves the checkpoint to <paramref name="roundStart"/>; never backwards (a later round may have advanced it further).</summary>
    Task AdvanceAsync(DateTimeOffset roundStart, CancellationToken cancellationToken);

    /// <summary>Takes the round lease until <paramref name="until"/>; null when another live round holds it (the caller skips its round).</summary>
    Task<RoundLease?> TryAcquireRoundAsync(DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Gives the lease back (a no-op when it expired and was taken by another round meanwhile).</summary>
    Task ReleaseRoundAsync(RoundLease lease, CancellationToken cancellationToken);
}

/// <summary>A held round lease: its owner and the row's ETag after taking it.</summary>
public sealed record RoundLease(string Owner, Azure.ETag ETag);
