using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ApprovalFunctions.Core.Storage;
using Azure;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Timeline;

/// <summary>
/// The <c>instanceevents</c> table: events that no existing write can carry (a stale change stores nothing, an in-sync
/// check writes nothing). One partition per instance, bounded two ways: a ring of at most
/// <see cref="TimelineOptions.MaxEventsPerRow"/> slot rows (<c>ring-000</c>…), where an append reads the ring and
/// replaces the oldest slot once all are used; and fixed rows that keep only the latest event of a kind whose
/// repeats add nothing (the last "in sync" verdict).
/// </summary>
public sealed class InstanceEventStore(TableServiceClient tables)
{
    public const string InSyncRowKey = "latest-check-in_sync";

    private const string RingPrefix = "ring-";
    private const string RingEnd = "ring.";
    private const string EventProperty = "Event";
    private const string AtProperty = "At";

    private readonly TableClient table = tables.GetTableClient(StorageNames.InstanceEventsTable);

    /// <summary>Appends to the instance's ring: one query of its slot rows, then one upsert (two storage calls).</summary>
    public async Task AppendAsync(string instanceId, InstanceEvent instanceEvent, int slots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceEvent);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        var partition = TableKeys.Encode(instanceId);
        var used = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(
            e => e.PartitionKey == partition && e.RowKey.CompareTo(RingPrefix) >= 0 && e.RowKey.CompareTo(RingEnd) < 0,
            select: ["RowKey", AtProperty],
            cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            used[row.RowKey] = row.GetDateTimeOffset(AtProperty) ?? DateTimeOffset.MinValue;
        }

        var slot = Enumerable.Range(0, slots).Select(SlotKey).FirstOrDefault(key => !used.ContainsKey(key))
            ?? used.Where(pair => pair.Key.CompareTo(SlotKey(slots)) < 0).MinBy(pair => pair.Value).Key;
        await UpsertAsync(partition, slot, instanceEvent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps <paramref name="instanceEvent"/> as the latest of its kind in row <paramref name="rowKey"/>: one blind upsert.</summary>
    public Task ReplaceLatestAsync(string instanceId, string rowKey, InstanceEvent instanceEvent, CancellationToken cancellationToken) =>
        UpsertAsync(TableKeys.Encode(instanceId), rowKey, instanceEvent, cancellationToken);

    public async IAsyncEnumerable<InstanceEvent> ListAsync(string instanceId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = TableKeys.Encode(instanceId);
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: [EventProperty], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.GetString(EventProperty) is { } json && JsonSerializer.Deserialize(json, TimelineJsonContext.Default.InstanceEvent) is { } stored)
            {
                yield return stored;
            }
        }
    }

    public static string SlotKey(int slot) => RingPrefix + slot.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>Whether a storage failure may be swallowed: the timeline is diagnostic, the change or check it describes already stands.</summary>
    public static bool IsStorageFailure(Exception exception) => exception is RequestFailedException;

    private Task UpsertAsync(string partition, string rowKey, InstanceEvent instanceEvent, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(partition, rowKey)
        {
            [AtProperty] = instanceEvent.At,
            ["Kind"] = instanceEvent.Kind,
            [EventProperty] = JsonSerializer.Serialize(instanceEvent, TimelineJsonContext.Default.InstanceEvent),
        };
        return table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }
}
