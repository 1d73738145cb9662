namespace ApprovalFunctions.Core.Reconcile;

/// <summary>One check-and-resync round (the timer function runs one every five minutes).</summary>
public interface IReconcileRound
{
    /// <summary>
    /// Runs a round unless another one holds the round lease. A Feishu failure ends the round as
    /// <see cref="ReconcileOutcome.Failed"/> with the checkpoint unchanged; storage failures propagate.
    /// </summary>
    Task<ReconcileSummary> RunAsync(CancellationToken cancellationToken);
}
