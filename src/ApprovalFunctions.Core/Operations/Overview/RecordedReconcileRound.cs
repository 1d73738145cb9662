using ApprovalFunctions.Core.Reconcile;
using Microsoft.Extensions.Logging;

namespace ApprovalFunctions.Core.Operations.Overview;

/// <summary>
/// The reconcile round, plus its summary in <see cref="ReconcileRoundLog"/> for the console. Skipped rounds (another
/// host's round was running) are not recorded. Best effort: failing to record never fails the round.
/// </summary>
public sealed partial class RecordedReconcileRound(IReconcileRound round, ReconcileRoundLog log, ILogger<RecordedReconcileRound> logger) : IReconcileRound
{
    public async Task<ReconcileSummary> RunAsync(CancellationToken cancellationToken)
    {
        var summary = await round.RunAsync(cancellationToken);
        if (summary.Outcome == ReconcileOutcome.Skipped)
        {
            return summary;
        }

        try
        {
            await log.AddAsync(RoundRecord.From(summary), cancellationToken);
        }
        catch (Exception exception) when (exception is Azure.RequestFailedException or State.ConcurrencyConflictException)
        {
            LogNotRecorded(logger, exception, summary.RoundStart);
        }

        return summary;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Summary of the reconcile round at {RoundStart} not recorded for the console: storage failed.")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, DateTimeOffset roundStart);
}
