using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>A row of <c>changeindex</c>.</summary>
public sealed record ChangeIndexEntry(string InstanceId, long DesiredVersion, DateTimeOffset ChangedAt);

/// <summary>The <c>changeindex</c> rows the reconciler reads (a seam for unit tests of the round).</summary>
public interface IChangeIndexTable
{
    /// <summary>Every row of the window's minute buckets, <paramref name="firstBucket"/> to <paramref name="lastBucket"/> inclusive (one range query, not one per minute).</summary>
    IAsyncEnumerable<ChangeIndexEntry> ReadWindowAsync(string firstBucket, string lastBucket, CancellationToken cancellationToken);

    /// <summary>
    /// Puts the instance into the current minute's bucket so that the next round's window holds it: for a repair whose
    /// outcome must be checked, a sync still in flight, or a check deferred by the budget.
    /// </summary>
    Task MarkForRecheckAsync(string instanceId, long desiredVersion, CancellationToken cancellationToken);
}

/// <summary>
/// The <c>changeindex</c> table: partition = the UTC minute of a change (<see cref="BucketFormat"/>), row = the encoded
/// instance id, so that a reconcile window is one partition range. Ingest writes a row once per instance and minute;
/// the reconciler writes the same row shape to recheck an instance in the next round.
/// </summary>
public sealed class ChangeIndexTable(TableServiceClient tables, TimeProvider timeProvider) : IChangeIndexTable
{
    public const string BucketFormat = "yyyyMMddHHmm";

    private readonly TableClient changeIndex = tables.GetTableClient(StorageNames.ChangeIndexTable);

    public static string MinuteBucket(DateTimeOffset time) => time.UtcDateTime.ToString(BucketFormat, CultureInfo.InvariantCulture);

    /// <summary>Upserts the instance's row in <paramref name="changedAt"/>'s minute bucket.</summary>
    public Task RecordAsync(string instanceId, long desiredVersion, DateTimeOffset changedAt, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(MinuteBucket(changedAt), TableKeys.Encode(instanceId))
        {
            ["InstanceId"] = instanceId,
            ["DesiredVersion"] = desiredVersion,
            ["ChangedAt"] = changedAt,
        };
        return changeIndex.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public Task MarkForRecheckAsync(string instanceId, long desiredVersion, CancellationToken cancellationToken) =>
        RecordAsync(instanceId, desiredVersion, timeProvider.GetUtcNow(), cancellationToken);

    /// <summary>The instances changed in one UTC minute bucket.</summary>
    public IAsyncEnumerable<ChangeIndexEntry> ReadMinuteAsync(DateTimeOffset minute, CancellationToken cancellationToken)
    {
        var bucket = MinuteBucket(minute);
        return ReadAsync(TableClient.CreateQueryFilter($"PartitionKey eq {bucket}"), minute, cancellationToken);
    }

    public IAsyncEnumerable<ChangeIndexEntry> ReadWindowAsync(string firstBucket, string lastBucket, CancellationToken cancellationToken) =>
        ReadAsync(TableClient.CreateQueryFilter($"PartitionKey ge {firstBucket} and PartitionKey le {lastBucket}"), DateTimeOffset.MinValue, cancellationToken);

    private async IAsyncEnumerable<ChangeIndexEntry> ReadAsync(string filter, DateTimeOffset fallbackTime, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in changeIndex.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return new ChangeIndexEntry(
                entity.GetString("InstanceId") ?? TableKeys.Decode(entity.RowKey),
                entity.GetInt64("DesiredVersion") ?? 0,
                entity.GetDateTimeOffset("ChangedAt") ?? entity.Timestamp ?? fallbackTime);
        }
    }
}
