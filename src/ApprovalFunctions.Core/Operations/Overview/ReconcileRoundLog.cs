using System.Text.Json;
using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Core.Storage.Tables;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Operations.Overview;

/// <summary>One reconcile round as the console shows it.</summary>
public sealed record RoundRecord(
    DateTimeOffset RoundStart,
    string Outcome,
    int Candidates,
    int InstancesChecked,
    int InstanceMissing,
    int TaskMissing,
    int TaskStale,
    int InstanceStale,
    int Resyncs,
    int LaggingRenudged,
    int ParkedSkipped,
    int BudgetDeferred,
    int CheckCalls,
    long EntitiesRead,
    long DurationMs)
{
    public static RoundRecord From(ReconcileSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new RoundRecord(
            summary.RoundStart, summary.Outcome.ToString().ToLowerInvariant(), summary.Candidates, summary.InstancesChecked,
            summary.InstanceMissing, summary.TaskMissing, summary.TaskStale, summary.InstanceStale, summary.Resyncs, summary.LaggingRenudged,
            summary.ParkedSkipped, summary.BudgetDeferred, summary.CheckCalls, summary.EntitiesRead, (long)Math.Round(summary.Duration.TotalMilliseconds));
    }
}

/// <summary>
/// The last <see cref="ConsoleOptions.RoundsKept"/> round summaries, newest first, in one row (<c>reconcile/rounds</c> of
/// the <c>operations</c> table, beside the checkpoint): one read and one write per round, one read per overview.
/// </summary>
public sealed class ReconcileRoundLog(TableServiceClient tables, IOptions<ConsoleOptions> options)
{
    public const string RowKey = "rounds";

    private const string RoundsProperty = "Rounds";
    private const int MaxAttempts = 5;

    private readonly TableClient operations = tables.GetTableClient(StorageNames.OperationsTable);
    private readonly int kept = options.Value.RoundsKept;

    public async Task AddAsync(RoundRecord round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await operations.GetEntityIfExistsAsync<TableEntity>(OperationsTable.ReconcilePartition, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            var rounds = existing.HasValue ? Parse(existing.Value!) : [];
            var updated = new[] { round }.Concat(rounds).OrderByDescending(r => r.RoundStart).Take(kept).ToList();
            var entity = new TableEntity(OperationsTable.ReconcilePartition, RowKey)
            {
                [RoundsProperty] = JsonSerializer.Serialize(updated, ConsoleJsonContext.Default.ListRoundRecord),
            };
            if (await operations.TryReplaceAsReadAsync(entity, existing, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            // Another round (another host) wrote meanwhile: read again.
        }

        throw new State.ConcurrencyConflictException($"The reconcile round log changed under {MaxAttempts} writes in a row.");
    }

    public async Task<IReadOnlyList<RoundRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var existing = await operations.GetEntityIfExistsAsync<TableEntity>(OperationsTable.ReconcilePartition, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return existing.HasValue ? Parse(existing.Value!) : [];
    }

    private static List<RoundRecord> Parse(TableEntity entity) =>
        entity.GetString(RoundsProperty) is { Length: > 0 } json ? JsonSerializer.Deserialize(json, ConsoleJsonContext.Default.ListRoundRecord) ?? [] : [];
}
