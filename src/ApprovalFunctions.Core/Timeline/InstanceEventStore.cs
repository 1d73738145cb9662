using ApprovalFunctions.Core.Storage.Tables;

namespace ApprovalFunctions.Core.Timeline;

/// <summary>
/// Events that no existing write can carry (a stale change stores nothing, an in-sync check writes nothing), kept in
/// <see cref="InstanceEventsTable"/> bounded two ways: a ring of at most <see cref="TimelineOptions.MaxEventsPerRow"/>
/// slots, where an append reads the ring and replaces the oldest slot once all are used; and fixed rows that keep only
/// the latest event of a kind whose repeats add nothing (the last "in sync" verdict).
/// </summary>
public sealed class InstanceEventStore(InstanceEventsTable table)
{
    /// <summary>Appends to the instance's ring: one query of its slot rows, then one upsert (two storage calls).</summary>
    public async Task AppendAsync(string instanceId, InstanceEvent instanceEvent, int slots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceEvent);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        var used = await table.ReadRingAsync(instanceId, cancellationToken);

        // A free slot first; else the oldest within the ring's current size (slots beyond it, left by a larger setting, stay).
        var slot = Enumerable.Range(0, slots).Select(InstanceEventsTable.SlotKey).FirstOrDefault(key => !used.ContainsKey(key))
            ?? used.Where(pair => pair.Key.CompareTo(InstanceEventsTable.SlotKey(slots)) < 0).MinBy(pair => pair.Value).Key;
        await table.UpsertAsync(instanceId, slot, instanceEvent, cancellationToken);
    }

    /// <summary>Keeps <paramref name="instanceEvent"/> as the latest of its kind in row <paramref name="rowKey"/>: one blind upsert.</summary>
    public Task ReplaceLatestAsync(string instanceId, string rowKey, InstanceEvent instanceEvent, CancellationToken cancellationToken) =>
        table.UpsertAsync(instanceId, rowKey, instanceEvent, cancellationToken);

    public IAsyncEnumerable<InstanceEvent> ListAsync(string instanceId, CancellationToken cancellationToken) =>
        table.ListAsync(instanceId, cancellationToken);
}
