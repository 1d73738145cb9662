using System.Globalization;
using ApprovalFunctions.Core.Storage;
using Azure;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Operations.Overview;

/// <summary>
/// Per-minute Feishu counts in partition <c>feishu-minutes</c> of the <c>operations</c> table: one row per minute of the
/// hour (60 rows, ever), each holding the minute it counts. A flush adds to the row of its minute, or replaces the row
/// when it still holds the same minute of an earlier hour; so the table keeps the last hour and never grows.
/// </summary>
public sealed class FeishuMinuteStore(TableServiceClient tables)
{
    public const string PartitionKey = "feishu-minutes";

    private const int MaxAttempts = 8;

    private readonly TableClient operations = tables.GetTableClient(StorageNames.OperationsTable);

    /// <summary>Adds one host's counts of a minute (read, then write with the ETag; retried when another host wrote first).</summary>
    public async Task AddAsync(FeishuMinuteCounts counts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var rowKey = RowKeyOf(counts.Minute);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await operations.GetEntityIfExistsAsync<TableEntity>(PartitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            var stored = existing.HasValue ? Read(existing.Value!) : null;
            if (stored is not null && stored.Minute > counts.Minute)
            {
                // The slot already counts a later hour: these counts are past the hour kept.
                return;
            }

            var total = stored is not null && stored.Minute == counts.Minute ? stored.Plus(counts) : counts;
            var entity = new TableEntity(PartitionKey, rowKey)
            {
                ["Minute"] = total.Minute,
                ["Calls"] = total.Calls,
                ["RateLimited"] = total.RateLimited,
                ["Failures"] = total.Failures,
            };
            if (await operations.TryReplaceAsReadAsync(entity, existing, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            // Another host flushed the same minute between our read and write: read again.
        }

        throw new State.ConcurrencyConflictException($"The Feishu counts of minute {counts.Minute:O} changed under {MaxAttempts} writes in a row.");
    }

    /// <summary>The minutes from <paramref name="since"/> on (one partition of at most 60 rows).</summary>
    public async Task<IReadOnlyList<FeishuMinuteCounts>> ListAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var minutes = new List<FeishuMinuteCounts>();
        await foreach (var entity in operations.QueryAsync<TableEntity>(e => e.PartitionKey == PartitionKey, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (Read(entity) is { } counts && counts.Minute >= since)
            {
                minutes.Add(counts);
            }
        }

        return [.. minutes.OrderBy(m => m.Minute)];
    }

    public static string RowKeyOf(DateTimeOffset minute) => "m" + minute.UtcDateTime.Minute.ToString("D2", CultureInfo.InvariantCulture);

    private static FeishuMinuteCounts? Read(TableEntity entity) =>
        entity.GetDateTimeOffset("Minute") is { } minute
            ? new FeishuMinuteCounts(minute, entity.GetInt64("Calls") ?? 0, entity.GetInt64("RateLimited") ?? 0, entity.GetInt64("Failures") ?? 0)
            : null;
}
