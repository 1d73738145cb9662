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

/// <summary>What one round did (the "Reconcile round finished" log line and the counters).</summary>
public sealed record ReconcileSummary
{
    public required ReconcileOutcome Outcome { get; init; }

    public required DateTimeOffset RoundStart { get; init; }

    public ReconcileWindow? Window { get; init; }

    public int SweepShard { get; init; }

    /// <summary>Distinct instances from the window, the lagging rows and the sweep shard.</summary>
    public int Candidates { get; init; }

    public int InstancesChecked { get; init; }

    public int InstanceMissing { get; init; }

    public int TaskMissing { get; init; }

    public int TaskStale { get; init; }

    public int InstanceStale { get; init; }

    /// <summary>Diffs turned into repair flags and nudged (and clean checks that still left something unconfirmed).</summary>
    public int Resyncs { get; init; }

    /// <summary>Check answers dropped because a sync held the instance or changed its watermarks after the check was sent (the next round checks again).</summary>
    public int Superseded { get; init; }

    /// <summary>CCs the check confirmed: Feishu's instance time reached that of a call that carried them.</summary>
    public int CcsConfirmed { get; init; }

    /// <summary>Instances whose advanced instance time is given back to the source's by a REPLACE (everything sent was confirmed).</summary>
    public int InstanceTimeRestores { get; init; }

    public int LaggingRenudged { get; init; }

    /// <summary>Lagging instances beyond MaxRenudgesPerRound, left for the next round.</summary>
    public int LaggingDeferred { get; init; }

    /// <summary>Instances whose sync is younger than LagGrace: looked at again next round.</summary>
    public int InFlight { get; init; }

    public int ParkedSkipped { get; init; }

    public int PurgedSkipped { get; init; }

    /// <summary>Instances not checked because the round's check-call budget ran out (window ones go to the next round).</summary>
    public int BudgetDeferred { get; init; }

    public int SweepRowsDeleted { get; init; }

    public int CheckCalls { get; init; }

    /// <summary>Table entities read: index rows and instance rows.</summary>
    public long EntitiesRead { get; init; }

    public TimeSpan Duration { get; init; }

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
}
