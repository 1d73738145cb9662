using System.Globalization;
using System.Runtime.CompilerServices;
using ApprovalFunctions.Core.QuickApproval;
using Azure;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>
/// The <c>quickactions</c> table. History rows: partition = <see cref="TableKeys.Encode"/>(instance id) (or
/// <see cref="NoInstancePartition"/>), row = <c>{webhook-id}~{received ticks}</c> (the webhook id digests task and action).
/// Awaiting rows: partition <see cref="AwaitingPartition"/>, row = <c>{accepted yyyyMMddHHmmssfff}~{webhook-id}</c>, so the
/// overdue listing reads a key range of what is still awaited, never the history. Index partition names hold no '~', so
/// they never collide with an encoded instance id. The only class that reads or writes its rows.
/// </summary>
public sealed class QuickActionsTable(TableServiceClient tables)
{
    public const string AwaitingPartition = "awaiting";

    /// <summary>History partition of card actions that name no instance.</summary>
    public const string NoInstancePartition = "no-instance";

    private const string AcceptedFormat = "yyyyMMddHHmmssfff";

    private readonly TableClient table = tables.GetTableClient(StorageNames.QuickActionsTable);

    public Task UpsertHistoryAsync(QuickActionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var history = new TableEntity(HistoryPartition(record.InstanceId), $"{record.WebhookId}~{record.ReceivedAt.UtcTicks:D19}")
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
        return table.UpsertEntityAsync(history, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Writes the awaiting row of an accepted action; its row key is derived here, so <see cref="AwaitingAction.RowKey"/> is not read.</summary>
    public Task UpsertAwaitingAsync(AwaitingAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var awaiting = new TableEntity(AwaitingPartition, AwaitingRowKey(action.AcceptedAt, action.WebhookId))
        {
            ["InstanceId"] = action.InstanceId,
            ["TaskId"] = action.TaskId,
            ["ActionType"] = action.ActionType,
            ["ApprovalCode"] = action.ApprovalCode,
            ["WebhookId"] = action.WebhookId,
            ["AcceptedAt"] = action.AcceptedAt,
        };
        return table.UpsertEntityAsync(awaiting, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The instance's history rows (received at or after <paramref name="receivedSince"/> when given), in key order.</summary>
    public async IAsyncEnumerable<QuickActionRecord> QueryHistoryAsync(string instanceId, DateTimeOffset? receivedSince, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = HistoryPartition(instanceId);
        var filter = receivedSince is { } since
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and ReceivedAt ge {since}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return ToRecord(entity);
        }
    }

    /// <summary>Awaiting rows accepted before <paramref name="acceptedBefore"/>, oldest first (one key range of one partition).</summary>
    public async IAsyncEnumerable<AwaitingAction> QueryAwaitingAsync(DateTimeOffset acceptedBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var bound = FormatAccepted(acceptedBefore);
        var rows = table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {AwaitingPartition} and RowKey lt {bound}"),
            cancellationToken: cancellationToken);
        await foreach (var entity in rows)
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

    /// <summary>Deletes an awaiting row; gone already is fine.</summary>
    public async Task DeleteAwaitingAsync(string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(AwaitingPartition, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Another listing removed it first.
        }
    }

    private static string HistoryPartition(string? instanceId) =>
        string.IsNullOrEmpty(instanceId) ? NoInstancePartition : TableKeys.Encode(instanceId);

    private static string AwaitingRowKey(DateTimeOffset acceptedAt, string webhookId) => $"{FormatAccepted(acceptedAt)}~{webhookId}";

    private static string FormatAccepted(DateTimeOffset at) => at.UtcDateTime.ToString(AcceptedFormat, CultureInfo.InvariantCulture);

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
