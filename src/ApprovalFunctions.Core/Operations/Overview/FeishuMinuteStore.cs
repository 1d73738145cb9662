using ApprovalFunctions.Core.Storage.Tables;

namespace ApprovalFunctions.Core.Operations.Overview;

/// <summary>
/// Per-minute Feishu counts over every host, in the 60 minute-of-the-hour slots of the <c>operations</c> table
/// (<see cref="OperationsTable.FeishuMinutesPartition"/>). A flush adds to the slot of its minute, or replaces the slot
/// when it still holds the same minute of an earlier hour; so the table keeps the last hour and never grows.
/// </summary>
public sealed class FeishuMinuteStore(OperationsTable operations)
{
    private const int MaxAttempts = 8;

    /// <summary>Adds one host's counts of a minute (read, then write with the ETag; retried when another host wrote first).</summary>
    public async Task AddAsync(FeishuMinuteCounts counts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counts);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var read = await operations.ReadFeishuMinuteSlotAsync(counts.Minute, cancellationToken);
            var stored = read.Value;
            if (stored is not null && stored.Minute > counts.Minute)
            {
                // The slot already counts a later hour: these counts are past the hour kept.
                return;
            }

            var total = stored is not null && stored.Minute == counts.Minute ? stored.Plus(counts) : counts;
            if (await operations.TryWriteFeishuMinuteAsync(total, read, cancellationToken))
            {
                return;
            }

            // Another host flushed the same minute between our read and write: read again.
        }

        throw new State.ConcurrencyConflictException($"The Feishu counts of minute {counts.Minute:O} changed under {MaxAttempts} writes in a row.");
    }

    /// <summary>The minutes from <paramref name="since"/> on, oldest first (one partition of at most 60 rows).</summary>
    public async Task<IReadOnlyList<FeishuMinuteCounts>> ListAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var minutes = new List<FeishuMinuteCounts>();
        await foreach (var counts in operations.ListFeishuMinutesAsync(cancellationToken))
        {
            if (counts.Minute >= since)
            {
                minutes.Add(counts);
            }
        }

        return [.. minutes.OrderBy(m => m.Minute)];
    }
}
