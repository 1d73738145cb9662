using System.Diagnostics.Metrics;
using ApprovalFunctions.Core.Diagnostics;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>The reconciler's counters on the Meter "ApprovalFunctions" (the same meter as <see cref="ApprovalMetrics"/>).</summary>
public sealed class ReconcileMetrics
{
    private readonly Counter<long> rounds;
    private readonly Counter<long> checkedInstances;
    private readonly Counter<long> diffs;
    private readonly Counter<long> resyncs;
    private readonly Counter<long> ccsConfirmed;
    private readonly Counter<long> instanceTimeRestores;
    private readonly Counter<long> laggingRenudged;
    private readonly Counter<long> parkedSkipped;
    private readonly Counter<long> checkCalls;
    private readonly Counter<long> entitiesRead;
    private readonly Histogram<double> duration;
    private readonly Histogram<double> checkpointLag;

    public ReconcileMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(ApprovalMetrics.MeterName);
        rounds = meter.CreateCounter<long>("approvalfunctions.reconcile.rounds", "{round}", "Reconcile rounds by outcome (completed, skipped, failed).");
        checkedInstances = meter.CreateCounter<long>("approvalfunctions.reconcile.instances_checked", "{instance}", "Instances sent to Feishu's check API.");
        diffs = meter.CreateCounter<long>("approvalfunctions.reconcile.diffs", "{instance}", "Differences the check API reported, by kind.");
        resyncs = meter.CreateCounter<long>("approvalfunctions.reconcile.resyncs", "{instance}", "Instances flagged for repair and nudged.");
        ccsConfirmed = meter.CreateCounter<long>("approvalfunctions.reconcile.ccs_confirmed", "{cc}", "CCs a check confirmed (Feishu's instance time reached the call that carried them).");
        instanceTimeRestores = meter.CreateCounter<long>("approvalfunctions.reconcile.instance_time_restores", "{instance}", "Advanced instance times given back to the source's by a REPLACE.");
        laggingRenudged = meter.CreateCounter<long>("approvalfunctions.reconcile.lagging_renudged", "{instance}", "Lagging instances re-nudged.");
        parkedSkipped = meter.CreateCounter<long>("approvalfunctions.reconcile.parked_skipped", "{instance}", "Parked instances left alone until replayed or changed.");
        checkCalls = meter.CreateCounter<long>("approvalfunctions.reconcile.check_calls", "{call}", "Check API calls made.");
        entitiesRead = meter.CreateCounter<long>("approvalfunctions.reconcile.entities_read", "{entity}", "Table entities read by rounds.");
        duration = meter.CreateHistogram<double>("approvalfunctions.reconcile.duration", "s", "Duration of a reconcile round.");
        checkpointLag = meter.CreateHistogram<double>("approvalfunctions.reconcile.checkpoint_lag", "s", "Round start minus the checkpoint it started from.");
    }

    public void Record(ReconcileSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        rounds.Add(1, new KeyValuePair<string, object?>("outcome", summary.Outcome.ToString().ToLowerInvariant()));
        if (summary.Outcome == ReconcileOutcome.Skipped)
        {
            return;
        }

        checkedInstances.Add(summary.InstancesChecked);
        foreach (var kind in Enum.GetValues<CheckDiffKind>())
        {
            if (summary.DiffCount(kind) is var count and > 0)
            {
                diffs.Add(count, new KeyValuePair<string, object?>("kind", KindName(kind)));
            }
        }

        resyncs.Add(summary.Resyncs);
        ccsConfirmed.Add(summary.CcsConfirmed);
        instanceTimeRestores.Add(summary.InstanceTimeRestores);
        laggingRenudged.Add(summary.LaggingRenudged);
        parkedSkipped.Add(summary.ParkedSkipped);
        checkCalls.Add(summary.CheckCalls);
        entitiesRead.Add(summary.EntitiesRead);
        duration.Record(summary.Duration.TotalSeconds);
        if (summary.CheckpointLag is { } lag)
        {
            checkpointLag.Record(lag.TotalSeconds);
        }
    }

    public static string KindName(CheckDiffKind kind) => kind switch
    {
        CheckDiffKind.InstanceMissing => "instance_missing",
        CheckDiffKind.TaskMissing => "task_missing",
        CheckDiffKind.TaskStale => "task_stale",
        CheckDiffKind.InstanceStale => "instance_stale",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown diff kind."),
    };
}
