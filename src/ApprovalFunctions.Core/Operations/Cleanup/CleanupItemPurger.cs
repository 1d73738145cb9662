using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Storage.Tables;
using ApprovalFunctions.Core.Sync;

namespace ApprovalFunctions.Core.Operations.Cleanup;

/// <summary>
/// Executes one item of a confirmed clean-up: writes its <see cref="PurgeSnapshot"/> as the instance's desired state
/// (If-Match, so a change ingested meanwhile is either purged over or refused), indexed like an ingested change, and
/// nudges <c>instance-sync</c>. Feishu is never called here: the sync engine is the one writer to Feishu. A snapshot
/// this run already wrote is kept, so a confirmation resumed after a crash writes no second version and Feishu gets no
/// second call.
/// </summary>
public sealed class CleanupItemPurger(IInstanceStateStore store, ISyncQueue syncQueue, TimeProvider timeProvider)
{
    private const int MaxWriteAttempts = 10;

    /// <summary>Returns the item as queued, with the desired version of its purge snapshot.</summary>
    public async Task<CleanupItem> PurgeAsync(CleanupItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var version = await WriteSnapshotAsync(item, cancellationToken);
        await syncQueue.EnqueueAsync(new SyncNudge(item.InstanceId, version), TimeSpan.Zero, cancellationToken);
        return item with { State = CleanupItemState.Queued, PurgeVersion = version };
    }

    private async Task<long> WriteSnapshotAsync(CleanupItem item, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var state = await store.LoadAsync(item.InstanceId, cancellationToken);
            if (state.Desired?.Document is { } current && PurgeSnapshot.IsWrittenBy(current, item.RunId))
            {
                return current.DesiredVersion;
            }

            var now = timeProvider.GetUtcNow();
            var bucket = ChangeIndexTable.MinuteBucket(now);
            var purged = PurgeSnapshot.Of(item.RunId, item.ApprovalCode, state, now);
            var rows = IndexRows.For(purged, bucket);
            var snapshot = IndexRows.Recorded(purged, bucket);

            // Index first, as ingest does: should the nudge be lost, the reconciler finds the purge in its window and re-nudges it.
            if (rows.Any)
            {
                await store.RecordChangeAsync(snapshot, rows, now, cancellationToken);
            }

            if (await store.TrySaveDesiredAsync(snapshot, state.Desired?.ETag, cancellationToken) is not null)
            {
                return snapshot.DesiredVersion;
            }
        }

        throw new ConcurrencyConflictException($"The desired state of instance '{item.InstanceId}' changed under {MaxWriteAttempts} purge attempts in a row.");
    }
}
