using ApprovalFunctions.Core.Storage.Tables;

namespace ApprovalFunctions.Core.QuickApproval;

/// <inheritdoc />
/// <remarks>Which rows an action earns and how listings are cut; the rows themselves are <see cref="QuickActionsTable"/>'s.</remarks>
public sealed class QuickActionLog(QuickActionsTable table) : IQuickActionLog
{
    public async Task RecordAsync(QuickActionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var writes = new List<Task> { table.UpsertHistoryAsync(record, cancellationToken) };
        if (record.Outcome == "accepted" && record.InstanceId is { } instanceId && record.TaskId is { } taskId)
        {
            var acceptedAt = record.RelayedAt + TimeSpan.FromMilliseconds(record.DurationMs);
            var awaiting = new AwaitingAction(instanceId, taskId, record.ActionType, record.ApprovalCode, record.WebhookId, acceptedAt, RowKey: string.Empty);
            writes.Add(table.UpsertAwaitingAsync(awaiting, cancellationToken));
        }

        await Task.WhenAll(writes);
    }

    public Task<IReadOnlyList<QuickActionRecord>> ListAsync(string instanceId, int max, CancellationToken cancellationToken) =>
        NewestAsync(table.QueryHistoryAsync(instanceId, receivedSince: null, cancellationToken), max);

    public Task<IReadOnlyList<QuickActionRecord>> ListRecentAsync(string instanceId, DateTimeOffset receivedSince, int max, CancellationToken cancellationToken) =>
        NewestAsync(table.QueryHistoryAsync(instanceId, receivedSince, cancellationToken), max);

    public IAsyncEnumerable<AwaitingAction> ListAwaitingAsync(DateTimeOffset acceptedBefore, CancellationToken cancellationToken) =>
        table.QueryAwaitingAsync(acceptedBefore, cancellationToken);

    public Task RemoveAwaitingAsync(AwaitingAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        return table.DeleteAwaitingAsync(action.RowKey, cancellationToken);
    }

    // Row keys order by webhook id, not time: sort by arrival, then keep the newest.
    private static async Task<IReadOnlyList<QuickActionRecord>> NewestAsync(IAsyncEnumerable<QuickActionRecord> rows, int max)
    {
        var records = new List<QuickActionRecord>();
        await foreach (var record in rows)
        {
            records.Add(record);
        }

        return [.. records.OrderBy(r => r.ReceivedAt).TakeLast(max)];
    }
}
