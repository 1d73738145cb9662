using ApprovalFunctions.Core.Operations.Cleanup;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Models;
using Azure;

namespace ApprovalFunctions.UnitTests.Operations;

public sealed class PurgeSnapshotTests
{
    private const string RunId = "20261125080000-abcdef01";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(5_000);

    [Fact]
    public void The_snapshot_is_the_wipe_as_a_complete_purged_desired_state_one_version_up_that_requests_a_REPLACE()
    {
        var held = Desired(SampleInstances.Instance(tasks: [SampleInstances.Task("t1", 1_000)], ccs: [SampleInstances.Cc("c1", 1_000)]), version: 4, complete: false);

        var snapshot = PurgeSnapshot.Of(RunId, "APPROVAL-LEAVE", State(held), Now);

        Assert.Equal((5L, 5L, true), (snapshot.DesiredVersion, snapshot.ReplaceRequestedVersion, snapshot.Complete));
        Assert.Equal((true, RunId, Now), (snapshot.Purged, snapshot.PurgeRunId, snapshot.PurgedAt!.Value));
        Assert.Equal((InstanceStatus.Approved, null, null, null), (snapshot.Instance.Status, snapshot.Instance.UserId, snapshot.Instance.TaskList, snapshot.Instance.CcList));
        Assert.Null(snapshot.Instance.UpdateMode);
        Assert.Equal(5_000, snapshot.ReplaceInstanceTime);
        Assert.True(PurgeSnapshot.IsWrittenBy(snapshot, RunId));
        Assert.False(PurgeSnapshot.IsWrittenBy(snapshot, "20261125080000-00000000"));
        Assert.False(PurgeSnapshot.IsWrittenBy(held, RunId));
    }

    [Fact]
    public void An_instance_only_Feishu_knows_gets_a_first_desired_state_with_the_approval_code_Feishu_reported()
    {
        var snapshot = PurgeSnapshot.Of(RunId, "APPROVAL-OTHER", new InstanceState("foreign-1", null, null), Now);

        Assert.Equal(("foreign-1", "APPROVAL-OTHER", 1L), (snapshot.InstanceId, snapshot.ApprovalCode, snapshot.DesiredVersion));
        Assert.Equal(("foreign-1", "APPROVAL-OTHER"), (snapshot.Instance.InstanceId, snapshot.Instance.ApprovalCode));
    }

    [Fact]
    public void The_sync_planner_sends_the_snapshot_as_one_REPLACE_that_removes_every_task_and_CC()
    {
        var held = Desired(SampleInstances.Instance(tasks: [SampleInstances.Task("t1", 1_000)], ccs: [SampleInstances.Cc("c1", 1_000)]), version: 1, complete: true);
        var planner = new SyncPlanner();
        var synced = planner.ApplySuccess(SyncedState.Empty("inst-1"), planner.Plan(held, SyncedState.Empty("inst-1")), Now);

        var plan = planner.Plan(PurgeSnapshot.Of(RunId, "APPROVAL-LEAVE", State(held, synced), Now), synced);

        Assert.Equal(SyncAction.Replace, plan.Action);
        Assert.Equal((UpdateMode.Replace, InstanceStatus.Approved, 5_000L), (plan.Request!.UpdateMode, plan.Request.Status, plan.Request.UpdateTime));
        Assert.Null(plan.Request.TaskList);
        Assert.Null(plan.Request.CcList);
        Assert.Contains(plan.Reasons, r => r.Contains($"clean-up run '{RunId}' wipes the instance", StringComparison.Ordinal));
    }

    private static InstanceState State(DesiredState desired, SyncedState? synced = null) => new(
        desired.InstanceId,
        new StoredDocument<DesiredState>(desired, new ETag("d")),
        synced is null ? null : new StoredDocument<SyncedState>(synced, new ETag("s")));

    private static DesiredState Desired(ExternalInstance instance, long version, bool complete) => new()
    {
        InstanceId = instance.InstanceId,
        ApprovalCode = instance.ApprovalCode,
        DesiredVersion = version,
        Complete = complete,
        LastReceivedAt = DateTimeOffset.UnixEpoch,
        Instance = instance,
    };
}
