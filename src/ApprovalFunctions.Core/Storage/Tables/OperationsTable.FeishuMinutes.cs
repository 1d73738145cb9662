using System.Globalization;
using System.Runtime.CompilerServices;
using ApprovalFunctions.Core.Operations.Overview;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>
/// Partition <c>feishu-minutes</c> of the <c>operations</c> table: one row per minute of the hour (<c>m00</c>…<c>m59</c>,
/// 60 rows ever), each holding the minute it counts, so the partition never grows.
/// </summary>
public sealed partial class OperationsTable
{
    public const string FeishuMinutesPartition = "feishu-minutes";

    public static string FeishuMinuteRowKey(DateTimeOffset minute) => "m" + minute.UtcDateTime.Minute.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>The counts in the slot of <paramref name="minute"/>'s minute of the hour (maybe of an earlier or later hour); null when empty.</summary>
    public async Task<RowRead<FeishuMinuteCounts?>> ReadFeishuMinuteSlotAsync(DateTimeOffset minute, CancellationToken cancellationToken)
    {
        var existing = await operations.GetEntityIfExistsAsync<TableEntity>(FeishuMinutesPartition, FeishuMinuteRowKey(minute), cancellationToken: cancellationToken);
        return existing.HasValue ? new(ReadFeishuMinute(existing.Value!), existing.Value!.ETag) : new(null, null);
    }

    /// <summary>Writes <paramref name="counts"/> into its minute's slot if the slot is still as read; false when another writer came first.</summary>
    public Task<bool> TryWriteFeishuMinuteAsync(FeishuMinuteCounts counts, RowRead<FeishuMinuteCounts?> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var entity = new TableEntity(FeishuMinutesPartition, FeishuMinuteRowKey(counts.Minute))
        {
            ["Minute"] = counts.Minute,
            ["Calls"] = counts.Calls,
            ["RateLimited"] = counts.RateLimited,
            ["Failures"] = counts.Failures,
        };
        return operations.TryReplaceAsReadAsync(entity, read.ETag, cancellationToken);
    }

    /// <summary>Every slot's counts (one partition query of at most 60 rows), in row order.</summary>
    public async IAsyncEnumerable<FeishuMinuteCounts> ListFeishuMinutesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in operations.QueryAsync<TableEntity>(e => e.PartitionKey == FeishuMinutesPartition, cancellationToken: cancellationToken))
        {
            if (ReadFeishuMinute(entity) is { } counts)
            {
                yield return counts;
            }
        }
    }

    private static FeishuMinuteCounts? ReadFeishuMinute(TableEntity entity) =>
        entity.GetDateTimeOffset("Minute") is { } minute
            ? new FeishuMinuteCounts(minute, entity.GetInt64("Calls") ?? 0, entity.GetInt64("RateLimited") ?? 0, entity.GetInt64("Failures") ?? 0)
            : null;
}
