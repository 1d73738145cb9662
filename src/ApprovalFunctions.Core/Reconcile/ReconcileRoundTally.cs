using ApprovalFunctions.Core.State;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>Where a round found a candidate (one instance may come from several places).</summary>
[Flags]
internal enum CandidateSource
{
    Window = 1,
    Lagging = 2,
    Sweep = 4,
}

/// <summary>One instance a round looks at, with its state once loaded.</summary>
internal sealed class ReconcileCandidate(string instanceId)
{
    public string InstanceId { get; } = instanceId;

    public CandidateSource Sources { get; set; }

    public InstanceState? State { get; set; }

    public CandidateDisposition Disposition { get; set; }
}

/// <summary>The round's counts; the check outcomes are counted from parallel repairs.</summary>
internal sealed class ReconcileRoundTally
{
    private readonly int[] diffs = new int[Enum.GetValues<CheckDiffKind>().Length];
    private int superseded;
    private int ccsConfirmed;
    private int instanceTimeRestores;
    private int unprovenResends;

    public long EntitiesRead { get; set; }

    public int InstancesChecked { get; set; }

    public int CheckCalls { get; set; }

    public int LaggingRenudged { get; set; }

    public int LaggingDeferred { get; set; }

    public int InFlight { get; set; }

    public int ParkedSkipped { get; set; }

    public int PurgedSkipped { get; set; }

    public int BudgetDeferred { get; set; }

    public int SweepRowsDeleted { get; set; }

    public void AddDiff(CheckDiffKind kind) => Interlocked.Increment(ref diffs[(int)kind]);

    public void AddSuperseded() => Interlocked.Increment(ref superseded);

    public void AddCcsConfirmed(int count) => Interlocked.Add(ref ccsConfirmed, count);

    public void AddInstanceTimeRestore() => Interlocked.Increment(ref instanceTimeRestores);

    public void AddUnprovenResend() => Interlocked.Increment(ref unprovenResends);

    public ReconcileSummary ToSummary(ReconcileOutcome outcome, DateTimeOffset roundStart, ReconcileWindow window, int shard, int candidates, TimeSpan duration, TimeSpan? checkpointLag) => new()
    {
        Outcome = outcome,
        RoundStart = roundStart,
        Window = window,
        SweepShard = shard,
        Candidates = candidates,
        InstancesChecked = InstancesChecked,
        InstanceMissing = diffs[(int)CheckDiffKind.InstanceMissing],
        TaskMissing = diffs[(int)CheckDiffKind.TaskMissing],
        TaskStale = diffs[(int)CheckDiffKind.TaskStale],
        InstanceStale = diffs[(int)CheckDiffKind.InstanceStale],
        Resyncs = diffs.Sum() + unprovenResends,
        Superseded = superseded,
        CcsConfirmed = ccsConfirmed,
        InstanceTimeRestores = instanceTimeRestores,
        LaggingRenudged = LaggingRenudged,
        LaggingDeferred = LaggingDeferred,
        InFlight = InFlight,
        ParkedSkipped = ParkedSkipped,
        PurgedSkipped = PurgedSkipped,
        BudgetDeferred = BudgetDeferred,
        SweepRowsDeleted = SweepRowsDeleted,
        CheckCalls = CheckCalls,
        EntitiesRead = EntitiesRead,
        Duration = duration,
        CheckpointLag = checkpointLag,
    };
}
