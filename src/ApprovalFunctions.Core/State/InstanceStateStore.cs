using System.Globalization;
using System.Runtime.CompilerServices;
using ApprovalFunctions.Core.Json;
using ApprovalFunctions.Core.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.State;

/// <inheritdoc />
public sealed class InstanceStateStore : IInstanceStateStore
{
    public const string DesiredRowKey = "desired";
    public const string SyncedRowKey = "synced";
    public const string ChangeBucketFormat = "yyyyMMddHHmm";

    private const string DocumentProperty = "Document";
    private const int MaxUpdateAttempts = 10;

    private readonly TableClient instances;
    private readonly TableClient changeIndex;
    private readonly TableClient sweepIndex;
    private readonly TableClient syncIssues;
    private readonly TimeProvider timeProvider;
    private readonly StateOptions options;

    public InstanceStateStore(TableServiceClient tables, TimeProvider timeProvider, IOptions<StateOptions> options)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        instances = tables.GetTableClient(StorageNames.InstancesTable);
        changeIndex = tables.GetTableClient(StorageNames.ChangeIndexTable);
        sweepIndex = tables.GetTableClient(StorageNames.SweepIndexTable);
        syncIssues = tables.GetTableClient(StorageNames.SyncIssuesTable);
        this.timeProvider = timeProvider;
        this.options = options.Value;
    }

    public async Task<InstanceState> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Encode(instanceId);
        StoredDocument<DesiredState>? desired = null;
        StoredDocument<SyncedState>? synced = null;
        await foreach (var entity in instances.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            switch (entity.RowKey)
            {
                case DesiredRowKey:
                    desired = new(ChunkedProperty.Read(entity, DocumentProperty, CoreJsonContext.Default.DesiredState), entity.ETag);
                    break;
                case SyncedRowKey:
                    synced = new(ChunkedProperty.Read(entity, DocumentProperty, CoreJsonContext.Default.SyncedState), entity.ETag);
                    break;
            }
        }

        return new InstanceState(instanceId, desired, synced);
    }

    public Task<ETag?> TrySaveDesiredAsync(DesiredState desired, ETag? ifMatch, CancellationToken cancellationToken) =>
        TrySaveDesiredAsync(desired, ChunkedProperty.Encode(desired, CoreJsonContext.Default.DesiredState), ifMatch, cancellationToken);

    public Task<ETag?> TrySaveDesiredAsync(DesiredState desired, EncodedDocument document, ETag? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var entity = new TableEntity(TableKeys.Encode(desired.InstanceId), DesiredRowKey)
        {
            // Projections for people browsing the table; the document is the only thing read back.
            ["InstanceId"] = desired.InstanceId,
            ["ApprovalCode"] = desired.ApprovalCode,
            ["DesiredVersion"] = desired.DesiredVersion,
            ["Complete"] = desired.Complete,
            ["ReplaceRequestedVersion"] = desired.ReplaceRequestedVersion,
            ["Status"] = desired.Status.ToString(),
            ["IsFinal"] = desired.IsFinal,
            ["LastReceivedAt"] = desired.LastReceivedAt,
            ["Purged"] = desired.Purged,
            ["PurgedAt"] = desired.PurgedAt,
            ["PurgeRunId"] = desired.PurgeRunId,
        };
        ChunkedProperty.Write(entity, DocumentProperty, document);
        return TryWriteAsync(entity, ifMatch, cancellationToken);
    }

    public Task<ETag?> TrySaveSyncedAsync(SyncedState synced, ETag? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(synced);
        var entity = new TableEntity(TableKeys.Encode(synced.InstanceId), SyncedRowKey)
        {
            ["InstanceId"] = synced.InstanceId,
            ["SyncedDesiredVersion"] = synced.SyncedDesiredVersion,
            ["FeishuInstanceTime"] = synced.FeishuInstanceTime,
            ["LastSyncAt"] = synced.LastSyncAt,
            ["LastSyncMode"] = synced.LastSyncMode?.ToString(),
            ["Attempts"] = synced.Attempts,
            ["LastErrorCode"] = synced.LastError?.Code,
            ["Parked"] = synced.Parked is not null,
            ["ParkedReason"] = synced.Parked?.Reason,
            ["LostInFeishu"] = synced.LostInFeishu,
            ["ResendAll"] = synced.ResendAll,
            ["LeaseUntil"] = synced.LeaseUntil,
        };
        ChunkedProperty.Write(entity, DocumentProperty, synced, CoreJsonContext.Default.SyncedState);
        return TryWriteAsync(entity, ifMatch, cancellationToken);
    }

    public async Task<StoredDocument<SyncedState>?> UpdateSyncedAsync(string instanceId, Func<InstanceState, SyncedState?> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            var state = await LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
            var updated = update(state);
            if (updated is null)
            {
                return state.Synced;
            }

            var etag = await TrySaveSyncedAsync(updated, state.Synced?.ETag, cancellationToken).ConfigureAwait(false);
            if (etag is { } written)
            {
                return new StoredDocument<SyncedState>(updated, written);
            }
        }

        throw new ConcurrencyConflictException($"The watermarks of instance '{instanceId}' changed under {MaxUpdateAttempts} updates in a row.");
    }

    public async Task<bool> MarkPurgedAsync(string instanceId, string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            var state = await LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (state.Desired is not { } desired)
            {
                return false;
            }

            if (desired.Document.Purged)
            {
                return true;
            }

            var purged = desired.Document with { Purged = true, PurgedAt = timeProvider.GetUtcNow(), PurgeRunId = runId };
            if (await TrySaveDesiredAsync(purged, desired.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return true;
            }
        }

        throw new ConcurrencyConflictException($"The desired state of instance '{instanceId}' changed under {MaxUpdateAttempts} purge attempts in a row.");
    }

    public async Task RecordChangeAsync(DesiredState desired, IndexRows rows, DateTimeOffset changedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var row = TableKeys.Encode(desired.InstanceId);
        if (rows.ChangeIndex)
        {
            var change = new TableEntity(MinuteBucket(changedAt), row)
            {
                ["InstanceId"] = desired.InstanceId,
                ["DesiredVersion"] = desired.DesiredVersion,
                ["ChangedAt"] = changedAt,
            };
            await changeIndex.UpsertEntityAsync(change, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        if (rows.SweepIndex)
        {
            var sweep = new TableEntity(SweepShards.PartitionKey(SweepShards.ShardOf(desired.InstanceId, options.SweepShardCount)), row)
            {
                ["InstanceId"] = desired.InstanceId,
                ["IsFinal"] = desired.IsFinal,
                ["LastChangedAt"] = changedAt,
            };
            await sweepIndex.UpsertEntityAsync(sweep, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    public async IAsyncEnumerable<ChangeIndexEntry> ListChangesAsync(DateTimeOffset minute, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var bucket = MinuteBucket(minute);
        await foreach (var entity in changeIndex.QueryAsync<TableEntity>(e => e.PartitionKey == bucket, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new ChangeIndexEntry(
                entity.GetString("InstanceId") ?? TableKeys.Decode(entity.RowKey),
                entity.GetInt64("DesiredVersion") ?? 0,
                entity.GetDateTimeOffset("ChangedAt") ?? entity.Timestamp ?? minute);
        }
    }

    public Task SetIssueAsync(SyncIssue issue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var entity = new TableEntity(IssuePartition(issue.Kind), TableKeys.Encode(issue.InstanceId))
        {
            ["InstanceId"] = issue.InstanceId,
            ["Reason"] = issue.Reason,
            ["DesiredVersion"] = issue.DesiredVersion,
            ["At"] = issue.At,
            ["FeishuCode"] = issue.FeishuCode,
            ["FeishuMessage"] = issue.FeishuMessage,
            ["LogId"] = issue.LogId,
        };
        return syncIssues.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task MarkLaggingAsync(string instanceId, string reason, long desiredVersion, CancellationToken cancellationToken)
    {
        // The watermarks learn of the row first, so the sync that catches up knows to delete it (and no sync deletes blindly).
        await UpdateSyncedAsync(instanceId, state => state.Synced?.Document.LaggingIssue == true ? null : state.SyncedOrEmpty with { LaggingIssue = true }, cancellationToken).ConfigureAwait(false);
        await SetIssueAsync(new SyncIssue(SyncIssueKind.Lagging, instanceId, reason, desiredVersion, timeProvider.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    public async Task ClearIssuesAsync(string instanceId, IReadOnlyCollection<SyncIssueKind> kinds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var row = TableKeys.Encode(instanceId);
        foreach (var kind in kinds)
        {
            await syncIssues.DeleteEntityAsync(IssuePartition(kind), row, ETag.All, cancellationToken).ConfigureAwait(false);
        }
    }

    public async IAsyncEnumerable<SyncIssue> ListIssuesAsync(SyncIssueKind kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = IssuePartition(kind);
        await foreach (var entity in syncIssues.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new SyncIssue(
                kind,
                entity.GetString("InstanceId") ?? TableKeys.Decode(entity.RowKey),
                entity.GetString("Reason") ?? string.Empty,
                entity.GetInt64("DesiredVersion") ?? 0,
                entity.GetDateTimeOffset("At") ?? entity.Timestamp ?? DateTimeOffset.MinValue,
                entity.GetInt32("FeishuCode"),
                entity.GetString("FeishuMessage"),
                entity.GetString("LogId"));
        }
    }

    public IAsyncEnumerable<SyncIssue> ListParkedAsync(CancellationToken cancellationToken) => ListIssuesAsync(SyncIssueKind.Parked, cancellationToken);

    public static string MinuteBucket(DateTimeOffset time) => time.UtcDateTime.ToString(ChangeBucketFormat, CultureInfo.InvariantCulture);

    public static string IssuePartition(SyncIssueKind kind) => kind switch
    {
        SyncIssueKind.Lagging => "lagging",
        SyncIssueKind.Parked => "parked",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown sync issue kind."),
    };

    private async Task<ETag?> TryWriteAsync(TableEntity entity, ETag? ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var response = ifMatch is { } etag
                ? await instances.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)
                : await instances.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            return null;
        }
    }
}
