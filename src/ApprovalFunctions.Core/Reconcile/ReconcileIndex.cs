using System.Runtime.CompilerServices;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage;
using Azure;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Reconcile;

/// <inheritdoc />
public sealed class ReconcileIndex(TableServiceClient tables, TimeProvider timeProvider) : IReconcileIndex
{
    private readonly TableClient changeIndex = tables.GetTableClient(StorageNames.ChangeIndexTable);
    private readonly TableClient sweepIndex = tables.GetTableClient(StorageNames.SweepIndexTable);
    private readonly TableClient syncIssues = tables.GetTableClient(StorageNames.SyncIssuesTable);

    public async IAsyncEnumerable<ChangeIndexEntry> ReadWindowAsync(ReconcileWindow window, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {window.FirstBucket} and PartitionKey le {window.LastBucket}");
        await foreach (var entity in changeIndex.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new ChangeIndexEntry(
                entity.GetString("InstanceId") ?? TableKeys.Decode(entity.RowKey),
                entity.GetInt64("DesiredVersion") ?? 0,
                entity.GetDateTimeOffset("ChangedAt") ?? entity.Timestamp ?? window.From);
        }
    }

    public async IAsyncEnumerable<SweepIndexEntry> ReadSweepShardAsync(int shard, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = SweepShards.PartitionKey(shard);
        await foreach (var entity in sweepIndex.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new SweepIndexEntry(
                shard,
                entity.GetString("InstanceId") ?? TableKeys.Decode(entity.RowKey),
                entity.GetBoolean("IsFinal") ?? false,
                entity.GetDateTimeOffset("LastChangedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue,
                entity.ETag);
        }
    }

    public async Task DeleteSweepEntryAsync(SweepIndexEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            await sweepIndex.DeleteEntityAsync(SweepShards.PartitionKey(entry.Shard), TableKeys.Encode(entry.InstanceId), entry.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            // Ingest recorded a new change after we read the row: the instance stays in the sweep.
        }
    }

    public Task MarkForRecheckAsync(string instanceId, long desiredVersion, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var entity = new TableEntity(InstanceStateStore.MinuteBucket(now), TableKeys.Encode(instanceId))
        {
            ["InstanceId"] = instanceId,
            ["DesiredVersion"] = desiredVersion,
            ["ChangedAt"] = now,
        };
        return changeIndex.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public Task ClearLaggingAsync(string instanceId, CancellationToken cancellationToken) =>
        // Deleting a missing row answers 404, which DeleteEntity treats as success.
        syncIssues.DeleteEntityAsync(InstanceStateStore.IssuePartition(SyncIssueKind.Lagging), TableKeys.Encode(instanceId), ETag.All, cancellationToken);
}
