using ApprovalFunctions.Core.Json;
using ApprovalFunctions.Core.State;
using Azure;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>
/// The <c>instances</c> table: one partition per instance holding its <c>desired</c> row (ingest's) and its <c>synced</c>
/// row (the watermarks, the sync engine's and the reconciler's), each written with its own ETag so that the two writers
/// never block each other. Storage failures propagate as <see cref="RequestFailedException"/>.
/// </summary>
public sealed partial class InstancesTable(TableServiceClient tables)
{
    public const string DesiredRowKey = "desired";
    public const string SyncedRowKey = "synced";

    private const string DocumentProperty = "Document";

    private readonly TableClient instances = tables.GetTableClient(StorageNames.InstancesTable);

    /// <summary>Both rows of one instance in one partition query (one round trip, however many rows exist).</summary>
    public async Task<InstanceState> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Encode(instanceId);
        StoredDocument<DesiredState>? desired = null;
        StoredDocument<SyncedState>? synced = null;
        await foreach (var entity in instances.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
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

    /// <summary>Writes desired state (<paramref name="document"/> already encoded): insert when <paramref name="ifMatch"/> is null, else replace If-Match. Null when another writer won.</summary>
    public Task<ETag?> TrySaveDesiredAsync(DesiredState desired, EncodedDocument document, ETag? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var entity = new TableEntity(TableKeys.Encode(desired.InstanceId), DesiredRowKey)
        {
            // Projections for people browsing the table and for the catalog scan; the document is the only thing read back.
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

    /// <summary>Writes the watermarks: insert when <paramref name="ifMatch"/> is null, else replace If-Match. Null when another writer won.</summary>
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

    private async Task<ETag?> TryWriteAsync(TableEntity entity, ETag? ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var response = ifMatch is { } etag
                ? await instances.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken)
                : await instances.AddEntityAsync(entity, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            return null;
        }
    }
}
