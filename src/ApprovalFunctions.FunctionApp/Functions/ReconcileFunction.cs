using ApprovalFunctions.Core.Reconcile;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions;

/// <summary>
/// The check-and-resync timer, on the NCRONTAB schedule of the app setting <c>ReconcileSchedule</c>: required, since the
/// host cannot default a %setting% (infra/ and the sample settings give every five minutes), and checked at start-up
/// with the sweep settings. Never RunOnStartup: a restart storm must not spend check calls. A round that overlaps a
/// running one skips.
/// </summary>
public sealed class ReconcileFunction(IReconcileRound round)
{
    [Function("Reconcile")]
    public Task Run([TimerTrigger("%ReconcileSchedule%")] TimerInfo timer, CancellationToken ct) =>
        round.RunAsync(ct);
}
