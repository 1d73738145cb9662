using System.Text.Json;
using ApprovalFunctions.Core.Operations.Overview;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>Row <c>reconcile/rounds</c> of the <c>operations</c> table: the console's recent round summaries, as JSON in one row beside the checkpoint.</summary>
public sealed partial class OperationsTable
{
    public const string RoundsRowKey = "rounds";

    private const string RoundsProperty = "Rounds";

    /// <summary>The stored round summaries (empty when the row is absent): one point read.</summary>
    public async Task<RowRead<IReadOnlyList<RoundRecord>>> ReadRoundsAsync(CancellationToken cancellationToken)
    {
        var existing = await operations.GetEntityIfExistsAsync<TableEntity>(ReconcilePartition, RoundsRowKey, cancellationToken: cancellationToken);
        return existing.HasValue ? new(ParseRounds(existing.Value!), existing.Value!.ETag) : new([], null);
    }

    /// <summary>Writes <paramref name="rounds"/> if the row is still as read; false when another writer came first.</summary>
    public Task<bool> TryWriteRoundsAsync(IReadOnlyList<RoundRecord> rounds, RowRead<IReadOnlyList<RoundRecord>> read, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(ReconcilePartition, RoundsRowKey)
        {
            [RoundsProperty] = JsonSerializer.Serialize([.. rounds], ConsoleJsonContext.Default.ListRoundRecord),
        };
        return operations.TryReplaceAsReadAsync(entity, read.ETag, cancellationToken);
    }

    private static List<RoundRecord> ParseRounds(TableEntity entity) =>
        entity.GetString(RoundsProperty) is { Length: > 0 } json ? JsonSerializer.Deserialize(json, ConsoleJsonContext.Default.ListRoundRecord) ?? [] : [];
}
