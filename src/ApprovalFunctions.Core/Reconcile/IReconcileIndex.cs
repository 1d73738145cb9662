using ApprovalFunctions.Core.State;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>
/// The reconciler's reads and writes of the index tables beside <c>instances</c>: <c>changeindex</c> (the window),
/// <c>sweepindex</c> (the slow sweep) and the <c>lagging</c> rows of <c>syncissues</c>.
/// </summary>
public interface IReconcileIndex
{
    /// <summary>Every <c>changeindex</c> row of the window's minute buckets (one range query, not one per minute).</summary>
    IAsyncEnumerable<ChangeIndexEntry> ReadWindowAsync(ReconcileWindow window, CancellationToken cancellationToken);

    /// <summary>The rows of one <c>sweepindex</c> shard.</summary>
    IAsyncEnumerable<SweepIndexEntry> ReadSweepShardAsync(int shard, CancellationToken cancellationToken);

    /// <summary>Deletes a sweep row unless ingest rewrote it since it was read (a fresh change keeps the instance in the sweep).</summary>
    Task DeleteSweepEntryAsync(SweepIndexEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Puts the instance into the current minute's <c>changeindex</c> bucket so that the next round's window holds it:
    /// for a repair whose outcome must be checked, a sync still in flight, or a check deferred by the budget.
    /// </summary>
    Task MarkForRecheckAsync(string instanceId, long desiredVersion, CancellationToken cancellationToken);

    /// <summary>Deletes the instance's <c>lagging</c> row only (its <c>parked</c> row belongs to the sync engine and operators).</summary>
    Task ClearLaggingAsync(string instanceId, CancellationToken cancellationToken);
}

/// <summary>A row of <c>sweepindex</c>.</summary>
public sealed record SweepIndexEntry(int Shard, string InstanceId, bool IsFinal, DateTimeOffset LastChangedAt, Azure.ETag ETag);
