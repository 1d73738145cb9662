using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ApprovalFunctions.Core.Storage;
using Azure;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Timeline;

/// <summary>
/// The <c>instanceevents</c> table: events that no existing write can carry (a stale change stores nothing, an in-sync
/// check writes nothing). One partition per instance with a fixed number of slot rows, each written by a blind upsert
/// (no read first), so an instance never holds more than <see cref="TimelineOptions.MaxEventsPerRow"/> rows here.
/// </summary>
public sealed class InstanceEventStore(TableServiceClient tables)
{
    private const string EventProperty = "Event";

    private readonly TableClient table = tables.GetTableClient(StorageNames.InstanceEventsTable);

    public Task AddAsync(string instanceId, InstanceEvent instanceEvent, int slots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceEvent);
        var entity = new TableEntity(TableKeys.Encode(instanceId), SlotKey(instanceEvent.At, slots))
        {
            ["At"] = instanceEvent.At,
            ["Kind"] = instanceEvent.Kind,
            [EventProperty] = JsonSerializer.Serialize(instanceEvent, TimelineJsonContext.Default.InstanceEvent),
        };
        return table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

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

    /// <summary>
    /// The slot of an event: a hash of its time, so events spread over the slots and the newest always lands (it
    /// replaces whichever older event shared its slot). A fixed slot set is what bounds the partition without a read.
    /// </summary>
    public static string SlotKey(DateTimeOffset at, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        var hash = 2166136261u;
        foreach (var b in BitConverter.GetBytes(at.UtcTicks))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return "slot-" + (hash % (uint)slots).ToString("D3", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether a storage failure may be swallowed: the timeline is diagnostic, the change or check it describes already stands.</summary>
    public static bool IsStorageFailure(Exception exception) => exception is RequestFailedException;
}
