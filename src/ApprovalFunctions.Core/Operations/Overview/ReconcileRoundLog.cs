using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Core.Storage.Tables;
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
/// The last <see cref="ConsoleOptions.RoundsKept"/> round summaries, newest first, in one row of the <c>operations</c>
/// table (<see cref="OperationsTable.ReadRoundsAsync"/>): one read and one write per round, one read per overview.
/// </summary>
public sealed class ReconcileRoundLog(OperationsTable operations, IOptions<ConsoleOptions> options)
{
    private const int MaxAttempts = 5;

    private readonly int kept = options.Value.RoundsKept;

    public async Task AddAsync(RoundRecord round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var read = await operations.ReadRoundsAsync(cancellationToken);
            var updated = new[] { round }.Concat(read.Value).OrderByDescending(r => r.RoundStart).Take(kept).ToList();
            if (await operations.TryWriteRoundsAsync(updated, read, cancellationToken))
            {
                return;
            }

            // Another round (another host) wrote meanwhile: read again.
        }

        throw new State.ConcurrencyConflictException($"The reconcile round log changed under {MaxAttempts} writes in a row.");
    }

    public async Task<IReadOnlyList<RoundRecord>> ListAsync(CancellationToken cancellationToken) =>
        (await operations.ReadRoundsAsync(cancellationToken)).Value;
}
