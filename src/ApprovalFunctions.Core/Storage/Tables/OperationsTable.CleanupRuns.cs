using System.Runtime.CompilerServices;
using System.Text.Json;
using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.Cleanup;
using ApprovalFunctions.Core.State;
using Azure;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>
/// Partition <c>cleanup</c> of the <c>operations</c> table (one row per clean-up run) and one partition
/// <c>cleanup-{runId}</c> per run holding its items, one row per instance.
/// </summary>
public sealed partial class OperationsTable : ICleanupRunStore
{
    public const string CleanupRunPartition = "cleanup";

    private const int CleanupItemBatchSize = 100;

    public static string CleanupItemPartition(string runId) => $"cleanup-{runId}";

    public async Task CreateAsync(CleanupRun run, IReadOnlyList<CleanupTarget> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(targets);

        // Items first: a run row is only ever visible with all its items in place.
        foreach (var chunk in targets.Chunk(CleanupItemBatchSize))
        {
            var actions = chunk.Select(t => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                ToEntity(new CleanupItem(run.RunId, t.InstanceId, t.ApprovalCode, CleanupItemState.Planned)))).ToList();
            await operations.SubmitTransactionAsync(actions, cancellationToken);
        }

        await operations.AddEntityAsync(ToEntity(run), cancellationToken);
    }

    public async Task<StoredDocument<CleanupRun>?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        var response = await operations.GetEntityIfExistsAsync<TableEntity>(CleanupRunPartition, runId, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? new StoredDocument<CleanupRun>(RunFromEntity(entity), entity.ETag) : null;
    }

    public async Task<bool> TryUpdateAsync(CleanupRun run, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            await operations.UpdateEntityAsync(ToEntity(run), ifMatch, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<CleanupItem> ListItemsAsync(string runId, CleanupItemState? state, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = CleanupItemPartition(runId);
        var filter = state is { } wanted
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and State eq {wanted.ToString()}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var entity in operations.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return ItemFromEntity(runId, entity);
        }
    }

    public Task SaveItemAsync(CleanupItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        return operations.UpsertEntityAsync(ToEntity(item), TableUpdateMode.Replace, cancellationToken);
    }

    private static TableEntity ToEntity(CleanupRun run) => new(CleanupRunPartition, run.RunId)
    {
        ["Scope"] = JsonSerializer.Serialize(run.Scope, OperationsJsonContext.Default.CleanupScope),
        ["ScopeFingerprint"] = run.ScopeFingerprint,
        ["ItemsFingerprint"] = run.ItemsFingerprint,
        ["Planned"] = run.Planned,
        ["NotFound"] = run.NotFound,
        ["TokenHash"] = run.TokenHash,
        ["CreatedAt"] = run.CreatedAt,
        ["ExpiresAt"] = run.ExpiresAt,
        ["State"] = run.State.ToString(),
        ["ConfirmedAt"] = run.ConfirmedAt,
    };

    private static CleanupRun RunFromEntity(TableEntity entity) => new()
    {
        RunId = entity.RowKey,
        Scope = JsonSerializer.Deserialize(entity.GetString("Scope"), OperationsJsonContext.Default.CleanupScope)
            ?? throw new InvalidOperationException($"Clean-up run '{entity.RowKey}' has no scope."),
        ScopeFingerprint = entity.GetString("ScopeFingerprint") ?? string.Empty,
        ItemsFingerprint = entity.GetString("ItemsFingerprint") ?? string.Empty,
        Planned = entity.GetInt32("Planned") ?? 0,
        NotFound = entity.GetInt32("NotFound") ?? 0,
        TokenHash = entity.GetString("TokenHash") ?? string.Empty,
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        ExpiresAt = entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue,
        State = Enum.TryParse<CleanupRunState>(entity.GetString("State"), out var state) ? state : CleanupRunState.Planned,
        ConfirmedAt = entity.GetDateTimeOffset("ConfirmedAt"),
    };

    private static TableEntity ToEntity(CleanupItem item) => new(CleanupItemPartition(item.RunId), TableKeys.Encode(item.InstanceId))
    {
        ["InstanceId"] = item.InstanceId,
        ["ApprovalCode"] = item.ApprovalCode,
        ["State"] = item.State.ToString(),
        ["PurgeVersion"] = item.PurgeVersion,
        ["Error"] = item.Error,
        ["FeishuCode"] = item.FeishuCode,
        ["LogId"] = item.LogId,
        ["FinishedAt"] = item.FinishedAt,
    };

    private static CleanupItem ItemFromEntity(string runId, TableEntity entity) => new(
        runId,
        entity.GetString("InstanceId") ?? TableKeys.Decode(entity.RowKey),
        entity.GetString("ApprovalCode") ?? string.Empty,
        Enum.TryParse<CleanupItemState>(entity.GetString("State"), out var state) ? state : CleanupItemState.Planned,
        entity.GetInt64("PurgeVersion"),
        entity.GetString("Error"),
        entity.GetInt32("FeishuCode"),
        entity.GetString("LogId"),
        entity.GetDateTimeOffset("FinishedAt"));
}
