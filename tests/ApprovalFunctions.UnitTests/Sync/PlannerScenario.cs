using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.UnitTests.Sync;

/// <summary>
/// The steps every planner test takes: a source body merged into desired state, a first sync of it, all on one clock,
/// so the planner's rules are tested on states the merger and the planner really produce.
/// </summary>
public abstract class PlannerScenario
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly DesiredStateMerger merger = new();

    protected SyncPlanner Planner { get; } = new();

    protected DesiredState Desired(ExternalInstance body) => merger.Merge(null, body, Now).Desired!;

    protected DesiredState Merge(DesiredState current, ExternalInstance body)
    {
        var result = merger.Merge(current, body, Now);
        Assert.Equal(MergeOutcome.Applied, result.Outcome);
        return result.Desired!;
    }

    protected SyncedState SyncedAfter(DesiredState desired)
    {
        var synced = SyncedState.Empty(desired.InstanceId);
        var plan = Planner.Plan(desired, synced);
        Assert.NotEqual(SyncAction.Park, plan.Action);
        return Planner.ApplySuccess(synced, plan, Now);
    }
}
