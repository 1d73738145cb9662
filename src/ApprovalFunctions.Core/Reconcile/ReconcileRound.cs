using ApprovalFunctions.Core.Storage.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>
/// One check-and-resync round (docs/architecture.md, "Reconcile"), under the round lease, in three steps:
/// <see cref="CandidateCollector"/> (the window of <c>changeindex</c> since the checkpoint, the <c>lagging</c> rows and one
/// <c>sweepindex</c> shard), <see cref="CandidateTriage"/> (what needs no check) and <see cref="CheckAndRepair"/> (Feishu's
/// check API, every diff becoming repair flags plus a nudge). The checkpoint advances only when everything succeeded.
/// </summary>
public sealed class ReconcileRound(
    CandidateCollector collector,
    CandidateTriage triage,
    CheckAndRepair checkAndRepair,
    IReconcileCheckpointStore checkpoints,
    IOptions<ReconcileOptions> options,
    IOptions<SweepIndexOptions> sweepOptions,
    ReconcileMetrics metrics,
    TimeProvider timeProvider,
    ILogger<ReconcileRound> logger) : IReconcileRound
{
    private readonly ReconcileOptions settings = options.Value;
    private readonly SweepIndexOptions sweep = sweepOptions.Value;

    public async Task<ReconcileSummary> RunAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var roundStart = timeProvider.GetUtcNow();
        var lease = await checkpoints.TryAcquireRoundAsync(roundStart, roundStart + settings.RoundLeaseDuration, cancellationToken);
        if (lease is null)
        {
            var skipped = new ReconcileSummary { Outcome = ReconcileOutcome.Skipped, RoundStart = roundStart };
            ReconcileLog.Skipped(logger, roundStart);
            metrics.Record(skipped);
            return skipped;
        }

        try
        {
            var checkpoint = await checkpoints.GetCheckpointAsync(cancellationToken);
            var window = ReconcileWindow.Compute(checkpoint, roundStart, settings.Overlap, settings.MaxWindow);
            if (window.Capped && checkpoint is not null)
            {
                ReconcileLog.WindowCapped(logger, checkpoint.Value, window.From);
            }

            var summary = new ReconcileSummary
            {
                RoundStart = roundStart,
                Window = window,
                SweepShard = SweepSchedule.ShardFor(roundStart, sweep.Period, sweep.ShardCount),
                CheckpointLag = roundStart - checkpoint,
            };
            var candidates = await collector.CollectAsync(window, roundStart, summary, cancellationToken);
            var toCheck = await triage.TriageAsync(candidates, summary, cancellationToken);
            summary.Outcome = await checkAndRepair.CheckAsync(toCheck, summary, cancellationToken);
            if (summary.Outcome == ReconcileOutcome.Completed)
            {
                await checkpoints.AdvanceAsync(roundStart, cancellationToken);
            }

            summary.Duration = timeProvider.GetElapsedTime(started);
            ReconcileLog.Finished(logger, summary);
            metrics.Record(summary);
            return summary;
        }
        finally
        {
            await checkpoints.ReleaseRoundAsync(lease, CancellationToken.None);
        }
    }
}
