using System.Globalization;
using System.Runtime.CompilerServices;
using ApprovalFunctions.Core.Storage;
using Azure;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.QuickApproval;

/// <inheritdoc />
/// <remarks>
/// History rows: partition = <see cref="TableKeys.Encode"/>(instance id), row = <c>{webhook-id}~{received ticks}</c> (the
/// webhook id digests task and action). Awaiting rows: partition <see cref="AwaitingPartition"/>, row =
/// <c>{accepted yyyyMMddHHmmssfff}~{webhook-id}</c>, so the overdue listing reads a key range of what is still awaited,
/// never the history. Index partition names hold no '~', so they never collide with an encoded instance id.
/// </remarks>
public sealed class QuickActionLog(TableServiceClient tables) : IQuickActionLog
{
    public const string AwaitingPartition = "awaiting";

    /// <summary>History partition of card actions that name no instance.</summary>
    public const string NoInstancePartition = "no-instance";

    private const string AcceptedFormat = "yyyyMMddHHmmssfff";

    private readonly TableClient table = tables.GetTableClient(StorageNames.QuickActionsTable);

    public async Task RecordAsync(QuickActionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var history = new TableEntity(Partition(record.InstanceId), $"{record.WebhookId}~{record.ReceivedAt.UtcTicks:D19}")
        {
            ["InstanceId"] = record.InstanceId,
            ["TaskId"] = record.TaskId,
            ["ActionType"] = record.ActionType,
            ["WebhookId"] = record.WebhookId,
            ["ApprovalCode"] = record.ApprovalCode,
            ["MessageId"] = record.MessageId,
            ["ReceivedAt"] = record.ReceivedAt,
            ["RelayedAt"] = record.RelayedAt,
            ["Outcome"] = record.Outcome,
            ["SourceStatus"] = record.SourceStatus,
            ["FailureKind"] = record.FailureKind,
            ["SourceMessage"] = record.SourceMessage,
            ["DurationMs"] = record.DurationMs,
            ["FeishuStatus"] = record.FeishuStatus,
        };
        var writes = new List<Task> { table.UpsertEntityAsync(history, TableUpdateMode.Replace, cancellationToken) };
        if (record.Outcome == "accepted" && record.InstanceId is { } instanceId && record.TaskId is { } taskId)
        {
            var acceptedAt = record.RelayedAt + TimeSpan.FromMilliseconds(record.DurationMs);
            var awaiting = new TableEntity(AwaitingPartition, $"{acceptedAt.UtcDateTime.ToString(AcceptedFormat, CultureInfo.InvariantCulture)}~{record.WebhookId}")
            {
                ["InstanceId"] = instanceId,
                ["TaskId"] = taskId,
                ["ActionType"] = record.ActionType,
                ["ApprovalCode"] = record.ApprovalCode,
                ["WebhookId"] = record.WebhookId,
                ["AcceptedAt"] = acceptedAt,
            };
            writes.Add(table.UpsertEntityAsync(awaiting, TableUpdateMode.Replace, cancellationToken));
        }

        await Task.WhenAll(writes).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<QuickActionRecord>> ListAsync(string instanceId, int max, CancellationToken cancellationToken) =>
        ListMatchingAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(instanceId)}"), max, cancellationToken);

    public Task<IReadOnlyList<QuickActionRecord>> ListRecentAsync(string instanceId, DateTimeOffset receivedSince, int max, CancellationToken cancellationToken) =>
        ListMatchingAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(instanceId)} and ReceivedAt ge {receivedSince}"), max, cancellationToken);

    public async IAsyncEnumerable<AwaitingAction> ListAwaitingAsync(DateTimeOffset acceptedBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var bound = acceptedBefore.UtcDateTime.ToString(AcceptedFormat, CultureInfo.InvariantCulture);
        var rows = table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {AwaitingPartition} and RowKey lt {bound}"),
            cancellationToken: cancellationToken);
        await foreach (var entity in rows.ConfigureAwait(false))
        {
            yield return new AwaitingAction(
                entity.GetString("InstanceId") ?? string.Empty,
                entity.GetString("TaskId") ?? string.Empty,
                entity.GetString("ActionType") ?? string.Empty,
                entity.GetString("ApprovalCode"),
                entity.GetString("WebhookId") ?? string.Empty,
                entity.GetDateTimeOffset("AcceptedAt") ?? DateTimeOffset.MinValue,
                entity.RowKey);
        }
    }

    public async Task RemoveAwaitingAsync(AwaitingAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            await table.DeleteEntityAsync(AwaitingPartition, action.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Another listing removed it first.
        }
    }

    private async Task<IReadOnlyList<QuickActionRecord>> ListMatchingAsync(string filter, int max, CancellationToken cancellationToken)
    {
        var records = new List<QuickActionRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            records.Add(ToRecord(entity));
        }

        return [.. records.OrderBy(r => r.ReceivedAt).TakeLast(max)];
    }

    private static string Partition(string? instanceId) =>
        string.IsNullOrEmpty(instanceId) ? NoInstancePartition : TableKeys.Encode(instanceId);

    private static QuickActionRecord ToRecord(TableEntity entity) => new()
    {
        InstanceId = entity.GetString("InstanceId"),
        TaskId = entity.GetString("TaskId"),
        ActionType = entity.GetString("ActionType") ?? string.Empty,
        WebhookId = entity.GetString("WebhookId") ?? string.Empty,
        ApprovalCode = entity.GetString("ApprovalCode"),
        MessageId = entity.GetString("MessageId"),
        ReceivedAt = entity.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.MinValue,
        RelayedAt = entity.GetDateTimeOffset("RelayedAt") ?? DateTimeOffset.MinValue,
        Outcome = entity.GetString("Outcome") ?? string.Empty,
        SourceStatus = entity.GetInt32("SourceStatus"),
        FailureKind = entity.GetString("FailureKind"),
        SourceMessage = entity.GetString("SourceMessage"),
        DurationMs = entity.GetInt64("DurationMs") ?? 0,
        FeishuStatus = entity.GetInt32("FeishuStatus") ?? 0,
    };
}
