namespace ApprovalFunctions.Core.Reconcile;

public enum ReconcileOutcome
{
    /// <summary>Every step succeeded; the checkpoint advanced to the round's start.</summary>
    Completed,

    /// <summary>Another round held the lease: this one did nothing.</summary>
    Skipped,

    /// <summary>Feishu failed a check call: the checkpoint stayed, the next round covers the same window again.</summary>
    Failed,
}

/// <summary>
/// What one round did (the "Reconcile round finished" log line, the counters and the console's round log). The round's
/// steps count into it as they go (the check outcomes from parallel repairs, hence the interlocked counters), and the
/// round returns it once its outcome is set.
/// </summary>
public sealed class ReconcileSummary
{
    private readonly int[] diffs = new int[Enum.GetValues<CheckDiffKind>().Length];
    private int superseded;
    private int ccsConfirmed;
    private int instanceTimeRestores;
    private int unprovenResends;
    private long entitiesRead;

    public required DateTimeOffset RoundStart { get; init; }

    public ReconcileOutcome Outcome { get; internal set; }

    public ReconcileWindow? Window { get; init; }

    public int SweepShard { get; init; }

    /// <summary>Distinct instances from the window, the lagging rows and the sweep shard.</summary>
    public int Candidates { get; internal set; }

    public int InstancesChecked { get; internal set; }

    public int InstanceMissing => diffs[(int)CheckDiffKind.InstanceMissing];

    public int TaskMissing => diffs[(int)CheckDiffKind.TaskMissing];

    public int TaskStale => diffs[(int)CheckDiffKind.TaskStale];

    public int InstanceStale => diffs[(int)CheckDiffKind.InstanceStale];

    /// <summary>Diffs turned into repair flags and nudged (and clean checks that still left something unconfirmed).</summary>
    public int Resyncs => diffs.Sum() + unprovenResends;

    /// <summary>Check answers dropped because a sync held the instance or changed its watermarks after the check was sent (the next round checks again).</summary>
    public int Superseded => superseded;

    /// <summary>CCs the check confirmed: Feishu's instance time reached that of a call that carried them.</summary>
    public int CcsConfirmed => ccsConfirmed;

    /// <summary>Instances whose advanced instance time is given back to the source's by a REPLACE (everything sent was confirmed).</summary>
    public int InstanceTimeRestores => instanceTimeRestores;

    public int LaggingRenudged { get; internal set; }

    /// <summary>Lagging instances beyond MaxRenudgesPerRound, left for the next round.</summary>
    public int LaggingDeferred { get; internal set; }

    /// <summary>Instances whose sync is younger than LagGrace: looked at again next round.</summary>
    public int InFlight { get; internal set; }

    public int ParkedSkipped { get; internal set; }

    public int PurgedSkipped { get; internal set; }

    /// <summary>Instances not checked because the round's check-call budget ran out (window ones go to the next round).</summary>
    public int BudgetDeferred { get; internal set; }

    public int SweepRowsDeleted { get; internal set; }

    public int CheckCalls { get; internal set; }

    /// <summary>Table entities read: index rows and instance rows.</summary>
    public long EntitiesRead => Interlocked.Read(ref entitiesRead);

    public TimeSpan Duration { get; internal set; }

    /// <summary>Round start minus the checkpoint it started from (null before the first round).</summary>
    public TimeSpan? CheckpointLag { get; init; }

    public int DiffCount(CheckDiffKind kind) => kind switch
    {
        CheckDiffKind.InstanceMissing => InstanceMissing,
        CheckDiffKind.TaskMissing => TaskMissing,
        CheckDiffKind.TaskStale => TaskStale,
        CheckDiffKind.InstanceStale => InstanceStale,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown diff kind."),
    };

    internal void AddEntitiesRead(long count) => Interlocked.Add(ref entitiesRead, count);

    internal void AddDiff(CheckDiffKind kind) => Interlocked.Increment(ref diffs[(int)kind]);

    internal void AddSuperseded() => Interlocked.Increment(ref superseded);

    internal void AddCcsConfirmed(int count) => Interlocked.Add(ref ccsConfirmed, count);

    internal void AddInstanceTimeRestore() => Interlocked.Increment(ref instanceTimeRestores);

    internal void AddUnprovenResend() => Interlocked.Increment(ref unprovenResends);
}
