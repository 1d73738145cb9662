using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Models;
using static ApprovalFunctions.Tests.Shared.SampleInstances;
using FeishuTaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.UnitTests.Sync;

public sealed class SyncPlannerTests : PlannerScenario
{
    [Fact]
    public void First_sync_of_a_complete_snapshot_is_a_replace_with_everything()
    {
        var desired = Desired(Instance(time: 1_000, tasks: [Task("t1", 1_000)], ccs: [Cc("c1", 1_000)]));

        var plan = Planner.Plan(desired, SyncedState.Empty("inst-1"));

        Assert.Equal(SyncAction.Replace, plan.Action);
        Assert.Equal(UpdateMode.Replace, plan.Request!.UpdateMode);
        Assert.Equal(1_000, plan.SentInstanceTime);
        Assert.Single(plan.Request.TaskList!);
        Assert.Single(plan.Request.CcList!);
        Assert.Contains(plan.Reasons, r => r.Contains("REPLACE", StringComparison.Ordinal));
    }

    [Fact]
    public void First_sync_of_a_partial_snapshot_is_an_update_with_everything()
    {
        var desired = Desired(Instance(time: 1_000, mode: UpdateMode.Update, tasks: [Task("t1", 1_000)]));

        var plan = Planner.Plan(desired, SyncedState.Empty("inst-1"));

        Assert.Equal(SyncAction.Update, plan.Action);
        Assert.Equal(UpdateMode.Update, plan.Request!.UpdateMode);
        Assert.Single(plan.Request.TaskList!);
    }

    [Fact]
    public void Nothing_changed_since_the_last_sync_plans_no_call()
    {
        var desired = Desired(Instance(time: 1_000, tasks: [Task("t1", 1_000)]));
        var synced = SyncedAfter(desired);

        Assert.Equal(SyncAction.Nothing, Planner.Plan(desired, synced).Action);
    }

    [Fact]
    public void Update_carries_only_tasks_and_ccs_above_their_watermark_once_the_others_are_confirmed()
    {
        var first = Desired(Instance(time: 1_000, tasks: [Task("t1", 1_000), Task("t2", 1_000)], ccs: [Cc("c1", 1_000), Cc("c2", 1_000)]));
        var synced = Confirmed(SyncedAfter(first));
        var desired = Merge(first, Instance(time: 2_000, mode: UpdateMode.Update, tasks: [Task("t2", 2_000, FeishuTaskStatus.Approved)], ccs: [Cc("c1", 2_000, ReadStatus.Read)]));

        var plan = Planner.Plan(desired, synced);

        Assert.Equal(SyncAction.Update, plan.Action);
        Assert.Equal(["t2"], plan.Request!.TaskList!.Select(t => t.TaskId));
        Assert.Equal(["c1"], plan.Request.CcList!.Select(c => c.CcId));
        Assert.Equal(2_000, plan.SentInstanceTime);
    }

    [Fact]
    public void Resend_all_sends_every_task_and_cc()
    {
        var desired = Desired(Instance(time: 1_000, tasks: [Task("t1", 1_000), Task("t2", 1_000)], ccs: [Cc("c1", 1_000)]));
        var synced = SyncedAfter(desired) with { ResendAll = true };

        var plan = Planner.Plan(desired, synced);

        Assert.Equal(SyncAction.Update, plan.Action);
        Assert.Equal(2, plan.Request!.TaskList!.Count);
        Assert.Single(plan.Request.CcList!);
        Assert.Equal(1_001, plan.SentInstanceTime);
    }

    [Fact]
    public void Task_change_with_an_older_instance_time_is_one_replace_at_the_sources_time_when_the_snapshot_is_complete()
    {
        var first = Desired(Instance(time: 2_000, tasks: [Task("t1", 1_000)], ccs: [Cc("c1", 1_000)]));
        var synced = Confirmed(SyncedAfter(first));
        var desired = Merge(first, Instance(time: 1_500, mode: UpdateMode.Update, tasks: [Task("t1", 2_500, FeishuTaskStatus.Approved)]));

        var plan = Planner.Plan(desired, synced);

        Assert.Equal((SyncAction.Replace, 2_000L, false), (plan.Action, plan.SentInstanceTime, plan.TimeAdvanced));
        Assert.Equal(["t1"], plan.Request!.TaskList!.Select(t => t.TaskId));
        Assert.Equal(["c1"], plan.Request.CcList!.Select(c => c.CcId));
        var after = Planner.ApplySuccess(synced, plan, Now);
        Assert.Equal((2_000L, 2_000L), (after.FeishuInstanceTime, after.SyncedInstanceTime));
        Assert.Equal(2_500, after.Tasks["t1"].UpdateTime);
        Assert.True(after.Ccs["c1"].Confirmed);
        Assert.Null(after.ReplaceProofTime);
    }

    [Fact]
    public void Task_change_with_an_older_instance_time_advances_the_instance_time_when_the_snapshot_is_partial()
    {
        var first = Desired(Instance(time: 2_000, mode: UpdateMode.Update, tasks: [Task("t1", 1_000)]));
        var synced = SyncedAfter(first);
        var desired = Merge(first, Instance(time: 1_500, mode: UpdateMode.Update, tasks: [Task("t1", 2_500, FeishuTaskStatus.Approved)]));

        var plan = Planner.Plan(desired, synced);

        Assert.Equal((SyncAction.Update, 2_001L, 2_000L, true), (plan.Action, plan.SentInstanceTime, plan.DesiredInstanceTime, plan.TimeAdvanced));
        var after = Planner.ApplySuccess(synced, plan, Now);
        Assert.Equal((2_001L, 2_001L, 2_000L), (after.FeishuInstanceTime, after.TimeCeiling, after.SyncedInstanceTime));
        Assert.Equal(2_500, after.Tasks["t1"].UpdateTime);
    }

    [Fact]
    public void Instance_time_bump_grows_with_each_sync_that_needs_it()
    {
        var synced = SyncedState.Empty("inst-1") with { FeishuInstanceTime = 2_001, SyncedInstanceTime = 2_000, InstanceFingerprint = "x" };
        var desired = Desired(Instance(time: 2_000, mode: UpdateMode.Update, tasks: [Task("t9", 3_000)], departmentId: null));
        synced = synced with { InstanceFingerprint = Core.Sync.ImmutableFingerprints.Of(desired.Instance) };

        Assert.Equal(2_002, Planner.Plan(desired, synced).SentInstanceTime);
    }

    [Fact]
    public void Update_immutable_task_field_changed_in_a_complete_snapshot_plans_a_replace()
    {
        var first = Desired(Instance(time: 1_000, tasks: [Task("t1", 1_000, userId: "alice")]));
        var synced = SyncedAfter(first);
        var desired = Merge(first, Instance(time: 2_000, mode: UpdateMode.Update, tasks: [Task("t1", 2_000, userId: "bob")]));

        var plan = Planner.Plan(desired, synced);

        Assert.Equal(SyncAction.Replace, plan.Action);
        Assert.Contains(plan.Reasons, r => r.Contains("task 't1'", StringComparison.Ordinal));
        Assert.Equal("bob", Assert.Single(plan.Request!.TaskList!).UserId);
    }

    [Fact]
    public void Update_immutable_field_changed_in_a_partial_snapshot_parks_with_a_clear_reason()
    {
        var first = Desired(Instance(time: 1_000, mode: UpdateMode.Update, tasks: [Task("t1", 1_000, nodeId: "n1")]));
        var synced = SyncedAfter(first);
        var desired = Merge(first, Instance(time: 2_000, mode: UpdateMode.Update, tasks: [Task("t1", 2_000, nodeId: "n2")]));

        var plan = Planner.Plan(desired, synced);

        Assert.Equal(SyncAction.Park, plan.Action);
        Assert.Null(plan.Request);
        Assert.Contains("partial", plan.ParkReason, StringComparison.Ordinal);
        Assert.Contains("REPLACE", plan.ParkReason, StringComparison.Ordinal);
        Assert.Contains("task 't1'", plan.ParkReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Department_change_needs_a_replace()
    {
        var first = Desired(Instance(time: 1_000, departmentId: "d1"));
        var synced = SyncedAfter(first);
        var desired = Merge(first, Instance(time: 2_000, mode: UpdateMode.Update, departmentId: "d2"));

        var plan = Planner.Plan(desired, synced);

        Assert.Equal(SyncAction.Replace, plan.Action);
        Assert.Contains(plan.Reasons, r => r.Contains("department", StringComparison.Ordinal));
    }

    [Fact]
    public void Cc_user_change_needs_a_replace()
    {
        var first = Desired(Instance(time: 1_000, ccs: [Cc("c1", 1_000, userId: "u1")]));
        var synced = SyncedAfter(first);
        var desired = Merge(first, Instance(time: 2_000, mode: UpdateMode.Update, ccs: [Cc("c1", 2_000, userId: "u2")]));

        Assert.Equal(SyncAction.Replace, Planner.Plan(desired, synced).Action);
    }

    [Fact]
    public void Task_left_out_of_a_replace_is_dropped_by_the_planned_replace()
    {
        var first = Desired(Instance(time: 1_000, tasks: [Task("t1", 1_000), Task("t2", 1_000)]));
        var synced = SyncedAfter(first);
        var desired = Merge(first, Instance(time: 2_000, tasks: [Task("t1", 2_000)]));

        var plan = Planner.Plan(desired, synced);

        Assert.Equal(SyncAction.Replace, plan.Action);
        Assert.Equal(["t1"], plan.Request!.TaskList!.Select(t => t.TaskId));
        Assert.Contains(plan.Reasons, r => r.Contains("task 't2' was removed", StringComparison.Ordinal));
        var after = Planner.ApplySuccess(synced, plan, Now);
        Assert.Equal(["t1"], after.Tasks.Keys);
    }

    [Fact]
    public void Lost_in_feishu_plans_a_replace_and_success_clears_the_flag()
    {
        var desired = Desired(Instance(time: 1_000, tasks: [Task("t1", 1_000)]));
        var synced = SyncedAfter(desired) with { LostInFeishu = true };

        var plan = Planner.Plan(desired, synced);

        Assert.Equal(SyncAction.Replace, plan.Action);
        Assert.False(Planner.ApplySuccess(synced, plan, Now).LostInFeishu);
    }

    [Fact]
    public void Lost_in_feishu_with_a_partial_snapshot_parks()
    {
        var desired = Desired(Instance(time: 1_000, mode: UpdateMode.Update));
        var synced = SyncedAfter(desired) with { LostInFeishu = true };

        Assert.Equal(SyncAction.Park, Planner.Plan(desired, synced).Action);
    }

    [Fact]
    public void Success_advances_watermarks_and_clears_errors_parking_and_repair_flags()
    {
        var desired = Desired(Instance(time: 1_000, tasks: [Task("t1", 1_000)], ccs: [Cc("c1", 1_100)]));
        var synced = SyncedState.Empty("inst-1") with
        {
            Attempts = 3,
            LastError = new SyncError(ApprovalFunctions.Feishu.Client.FeishuErrorKind.Transient, 2200, "internal", "log", Now),
            Parked = new ParkedState("x", 1390001, "bad", "log", Now, 0),
            ResendAll = true,
        };

        var plan = Planner.Plan(desired, synced);
        var after = Planner.ApplySuccess(synced, plan, Now);

        Assert.Equal(1, after.SyncedDesiredVersion);
        Assert.Equal(1_000, after.FeishuInstanceTime);
        Assert.Equal(1_000, after.Tasks["t1"].UpdateTime);
        Assert.Equal(1_100, after.Ccs["c1"].UpdateTime);
        Assert.Equal(0, after.Attempts);
        Assert.Null(after.LastError);
        Assert.Null(after.Parked);
        Assert.False(after.ResendAll);
        Assert.Equal(SyncMode.Replace, after.LastSyncMode);
        Assert.Equal(Now, after.LastSyncAt);
    }

    [Fact]
    public void Update_success_keeps_the_watermarks_of_entities_not_sent()
    {
        var first = Desired(Instance(time: 1_000, tasks: [Task("t1", 1_000), Task("t2", 1_000)]));
        var synced = SyncedAfter(first);
        var desired = Merge(first, Instance(time: 2_000, mode: UpdateMode.Update, tasks: [Task("t2", 2_000)]));

        var after = Planner.ApplySuccess(synced, Planner.Plan(desired, synced), Now);

        Assert.Equal(1_000, after.Tasks["t1"].UpdateTime);
        Assert.Equal(2_000, after.Tasks["t2"].UpdateTime);
        Assert.Equal(2, after.SyncedDesiredVersion);
        Assert.Equal(SyncMode.Update, after.LastSyncMode);
    }

    /// <summary>The watermarks after a clean check confirmed everything sent.</summary>
    private static SyncedState Confirmed(SyncedState synced) => synced with
    {
        Ccs = synced.Ccs.ToDictionary(pair => pair.Key, pair => pair.Value with { ProofTime = null }, StringComparer.Ordinal),
        ReplaceProofTime = null,
        ConfirmedInstanceTime = synced.FeishuInstanceTime,
    };
}
