using Azure;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>Partition <c>reconcile</c> of the <c>operations</c> table: the reconcile checkpoint and the round lease.</summary>
public sealed partial class OperationsTable : IReconcileCheckpointStore
{
    public const string ReconcilePartition = "reconcile";
    public const string CheckpointRowKey = "checkpoint";
    public const string LeaseRowKey = "round-lease";

    private const string CheckpointProperty = "Checkpoint";
    private const string OwnerProperty = "Owner";
    private const string UntilProperty = "Until";
    private const int MaxCheckpointAttempts = 10;

    public async Task<DateTimeOffset?> GetCheckpointAsync(CancellationToken cancellationToken)
    {
        var row = await operations.GetEntityIfExistsAsync<TableEntity>(ReconcilePartition, CheckpointRowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetDateTimeOffset(CheckpointProperty) : null;
    }

    public async Task AdvanceAsync(DateTimeOffset roundStart, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxCheckpointAttempts; attempt++)
        {
            var row = await operations.GetEntityIfExistsAsync<TableEntity>(ReconcilePartition, CheckpointRowKey, cancellationToken: cancellationToken);
            var entity = new TableEntity(ReconcilePartition, CheckpointRowKey) { [CheckpointProperty] = roundStart };
            try
            {
                if (!row.HasValue)
                {
                    await operations.AddEntityAsync(entity, cancellationToken);
                    return;
                }

                if (row.Value!.GetDateTimeOffset(CheckpointProperty) is { } current && current >= roundStart)
                {
                    return;
                }

                await operations.UpdateEntityAsync(entity, row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException exception) when (exception.Status is 409 or 412)
            {
                // Another round wrote the checkpoint between our read and write: read it again.
            }
        }

        throw new State.ConcurrencyConflictException($"The reconcile checkpoint changed under {MaxCheckpointAttempts} writes in a row.");
    }

    public async Task<RoundLease?> TryAcquireRoundAsync(DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var owner = Guid.NewGuid().ToString("N");
        var entity = new TableEntity(ReconcilePartition, LeaseRowKey) { [OwnerProperty] = owner, [UntilProperty] = until };
        var row = await operations.GetEntityIfExistsAsync<TableEntity>(ReconcilePartition, LeaseRowKey, cancellationToken: cancellationToken);
        try
        {
            if (!row.HasValue)
            {
                var added = await operations.AddEntityAsync(entity, cancellationToken);
                return new RoundLease(owner, added.Headers.ETag ?? ETag.All);
            }

            if (row.Value!.GetDateTimeOffset(UntilProperty) is { } heldUntil && heldUntil > now)
            {
                return null;
            }

            var updated = await operations.UpdateEntityAsync(entity, row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return new RoundLease(owner, updated.Headers.ETag ?? ETag.All);
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            // Another round took the lease between our read and write.
            return null;
        }
    }

    public async Task ReleaseRoundAsync(RoundLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            await operations.DeleteEntityAsync(ReconcilePartition, LeaseRowKey, lease.ETag, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 412)
        {
            // Our lease expired and another round holds it now: it is not ours to release.
        }
    }
}
