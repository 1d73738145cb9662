using System.Runtime.CompilerServices;
using ApprovalFunctions.Core.State;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>A row of <c>sweepindex</c>.</summary>
public sealed record SweepIndexEntry(int Shard, string InstanceId, bool IsFinal, DateTimeOffset LastChangedAt, ETag ETag);

/// <summary>The <c>sweepindex</c> rows the reconciler reads and deletes (a seam for unit tests of the round).</summary>
public interface ISweepIndexTable
{
    /// <summary>The rows of one shard.</summary>
    IAsyncEnumerable<SweepIndexEntry> ReadShardAsync(int shard, CancellationToken cancellationToken);

    /// <summary>Deletes a row unless ingest rewrote it since it was read (a fresh change keeps the instance in the sweep).</summary>
    Task DeleteAsync(SweepIndexEntry entry, CancellationToken cancellationToken);
}

/// <summary>
/// The <c>sweepindex</c> table of the slow sweep: partition = the instance's shard (<see cref="SweepShards"/>, out of
/// <c>Sweep:ShardCount</c>), row = the encoded instance id. Ingest writes the row on an instance's first change and
/// when its finality changes (<see cref="IndexRows"/>); a round reads one shard (<see cref="SweepSchedule"/>).
/// </summary>
public sealed class SweepIndexTable(TableServiceClient tables, IOptions<SweepIndexOptions> options) : ISweepIndexTable
{
    private readonly TableClient sweepIndex = tables.GetTableClient(StorageNames.SweepIndexTable);
    private readonly int shardCount = options.Value.ShardCount;

    /// <summary>Upserts the instance's row in its shard.</summary>
    public Task RecordAsync(DesiredState desired, DateTimeOffset changedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var entity = new TableEntity(SweepShards.PartitionKey(SweepShards.ShardOf(desired.InstanceId, shardCount)), TableKeys.Encode(desired.InstanceId))
        {
            ["InstanceId"] = desired.InstanceId,
            ["IsFinal"] = desired.IsFinal,
            ["LastChangedAt"] = changedAt,
        };
        return sweepIndex.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async IAsyncEnumerable<SweepIndexEntry> ReadShardAsync(int shard, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = SweepShards.PartitionKey(shard);
        await foreach (var entity in sweepIndex.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            yield return new SweepIndexEntry(
                shard,
                entity.GetString("InstanceId") ?? TableKeys.Decode(entity.RowKey),
                entity.GetBoolean("IsFinal") ?? false,
                entity.GetDateTimeOffset("LastChangedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue,
                entity.ETag);
        }
    }

    public async Task DeleteAsync(SweepIndexEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            await sweepIndex.DeleteEntityAsync(SweepShards.PartitionKey(entry.Shard), TableKeys.Encode(entry.InstanceId), entry.ETag, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            // Ingest recorded a new change after we read the row: the instance stays in the sweep.
        }
    }
}
