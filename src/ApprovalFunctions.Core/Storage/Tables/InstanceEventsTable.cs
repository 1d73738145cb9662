using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ApprovalFunctions.Core.Timeline;
using Azure;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>
/// The <c>instanceevents</c> table: one partition per instance (<see cref="TableKeys.Encode"/>(instance id)) holding ring
/// slot rows (<c>ring-000</c>…) and fixed rows such as <see cref="InSyncRowKey"/>; each row carries the event as JSON
/// beside its time and kind. The only class that reads or writes its rows; which slot an event takes is the caller's.
/// </summary>
public sealed class InstanceEventsTable(TableServiceClient tables)
{
    /// <summary>The fixed row keeping only the latest "in sync" verdict, whose repeats add nothing.</summary>
    public const string InSyncRowKey = "latest-check-in_sync";

    private const string RingPrefix = "ring-";
    private const string RingEnd = "ring.";
    private const string EventProperty = "Event";
    private const string AtProperty = "At";

    private readonly TableClient table = tables.GetTableClient(StorageNames.InstanceEventsTable);

    public static string SlotKey(int slot) => RingPrefix + slot.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>Whether a failure came from storage (the timeline may swallow those: it is diagnostic).</summary>
    public static bool IsStorageFailure(Exception exception) => exception is RequestFailedException;

    /// <summary>The instance's used ring slots and when each event happened: one query reading two properties.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> ReadRingAsync(string instanceId, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Encode(instanceId);
        var used = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(
            e => e.PartitionKey == partition && e.RowKey.CompareTo(RingPrefix) >= 0 && e.RowKey.CompareTo(RingEnd) < 0,
            select: ["RowKey", AtProperty],
            cancellationToken: cancellationToken))
        {
            used[row.RowKey] = row.GetDateTimeOffset(AtProperty) ?? DateTimeOffset.MinValue;
        }

        return used;
    }

    /// <summary>Writes <paramref name="instanceEvent"/> into row <paramref name="rowKey"/> of the instance: one blind upsert.</summary>
    public Task UpsertAsync(string instanceId, string rowKey, InstanceEvent instanceEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceEvent);
        var entity = new TableEntity(TableKeys.Encode(instanceId), rowKey)
        {
            [AtProperty] = instanceEvent.At,
            ["Kind"] = instanceEvent.Kind,
            [EventProperty] = JsonSerializer.Serialize(instanceEvent, TimelineJsonContext.Default.InstanceEvent),
        };
        return table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Every stored event of the instance (ring and fixed rows), in row key order.</summary>
    public async IAsyncEnumerable<InstanceEvent> ListAsync(string instanceId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = TableKeys.Encode(instanceId);
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: [EventProperty], cancellationToken: cancellationToken))
        {
            if (entity.GetString(EventProperty) is { } json && JsonSerializer.Deserialize(json, TimelineJsonContext.Default.InstanceEvent) is { } stored)
            {
                yield return stored;
            }
        }
    }
}
