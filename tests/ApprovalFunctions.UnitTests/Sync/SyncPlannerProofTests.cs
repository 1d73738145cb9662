using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Models;
using static ApprovalFunctions.Tests.Shared.SampleInstances;
using FeishuTaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.UnitTests.Sync;

/// <summary>
/// How the planner makes every call provable by a check (CCs included, which the check API cannot see) while sending the
/// source's own instance time whenever it can; the check side is <see cref="CheckDiffRepair"/>.
/// </summary>
public sealed class SyncPlannerProofTests : PlannerScenario
{
    [Fact]
    public void A_cc_sent_at_a_new_instance_time_awaits_a_check_at_that_time_and_others_stay_confirmed()
    {
        var first = Desired(Instance(time: 1_000, ccs: [Cc("c1", 1_000)]));
        var synced = CheckedClean(first, SyncedAfter(first));
        var desired = Merge(first, Instance(time: 2_000, mode: UpdateMode.Update, ccs: [Cc("c2", 2_000)]));

        var plan = Planner.Plan(desired, synced);

        Assert.Equal((SyncAction.Update, 2_000L), (plan.Action, plan.SentInstanceTime));
        Assert.Equal(["c2"], plan.Request!.CcList!.Select(c => c.CcId));
        var after = Planner.ApplySuccess(synced, plan, Now);
        Assert.Equal(2_000, after.Ccs["c2"].ProofTime);
        Assert.True(after.Ccs["c1"].Confirmed);
    }

    [Fact]
    public void Every_update_recarries_the_ccs_no_check_has_confirmed_and_carrying_them_alone_costs_no_call()
    {
        var first = Desired(Instance(time: 1_000, tasks: [Task("t1", 1_000)]));
        var withCc = Merge(first, Instance(time: 2_000, mode: UpdateMode.Update, ccs: [Cc("c1", 2_000)]));
        var synced = SyncedAfter(withCc);
        Assert.Equal(SyncAction.Nothing, Planner.Plan(withCc, synced).Action);

        var desired = Merge(withCc, Instance(time: 3_000, mode: UpdateMode.Update, tasks: [Task("t1", 3_000, FeishuTaskStatus.Approved)]));
        var plan = Planner.Plan(desired, synced);

        Assert.Equal((SyncAction.Update, 3_000L), (plan.Action, plan.SentInstanceTime));
        Assert.Equal(["c1"], plan.Request!.CcList!.Select(c => c.CcId));
        Assert.Equal(3_000, Planner.ApplySuccess(synced, plan, Now).Ccs["c1"].ProofTime);
    }

    [Fact]
    public void A_cc_change_with_an_older_instance_time_rides_on_an_advanced_update_and_a_replace_gives_the_time_back_once_confirmed()
    {
        var first = Desired(Instance(time: 2_000, tasks: [Task("t1", 1_000)], ccs: [Cc("c1", 1_000)]));
        var synced = CheckedClean(first, SyncedAfter(first));
        var desired = Merge(first, Instance(time: 1_500, mode: UpdateMode.Update, ccs: [Cc("c1", 1_500, ReadStatus.Read)]));

        // At the source's 2000 the change could not be told apart from the call Feishu already holds: 2001 can.
        var probe = Planner.Plan(desired, synced);
        Assert.Equal((SyncAction.Update, 2_001L, true), (probe.Action, probe.SentInstanceTime, probe.TimeAdvanced));
        var advanced = Planner.ApplySuccess(synced, probe, Now);
        Assert.Equal((2_001L, 2_001L, 2_001L), (advanced.FeishuInstanceTime, advanced.TimeCeiling, advanced.Ccs["c1"].ProofTime!.Value));
        Assert.Equal(SyncAction.Nothing, Planner.Plan(desired, advanced).Action);
        Assert.False(SyncPlanner.NeedsRestore(desired, advanced));

        var confirmed = CheckDiffRepair.Apply(advanced, advanced, null, desired, Now)!;
        Assert.True(confirmed.Ccs["c1"].Confirmed);
        Assert.True(confirmed.RestoreInstanceTime);

        var restore = Planner.Plan(desired, confirmed);
        Assert.Equal((SyncAction.Replace, 2_000L, false), (restore.Action, restore.SentInstanceTime, restore.TimeAdvanced));
        Assert.Contains(restore.Reasons, r => r.Contains("restores the source's 2000", StringComparison.Ordinal));
        var restored = Planner.ApplySuccess(confirmed, restore, Now);
        Assert.Equal((2_000L, 2_001L, false), (restored.FeishuInstanceTime, restored.TimeCeiling, restored.RestoreInstanceTime));
        Assert.True(restored.Ccs["c1"].Confirmed);
        Assert.False(SyncPlanner.NeedsRestore(desired, restored));

        var settled = CheckDiffRepair.Apply(restored, restored, null, desired, Now)!;
        Assert.Equal((2_000L, 2_000L, false), (settled.TimeCeiling, settled.ConfirmedInstanceTime, settled.NeedsRepair));
        Assert.Equal(SyncAction.Nothing, Planner.Plan(desired, settled).Action);
    }

    [Fact]
    public void A_partial_snapshot_keeps_the_advanced_time()
    {
        var first = Desired(Instance(time: 2_000, mode: UpdateMode.Update, ccs: [Cc("c1", 1_000)]));
        var synced = CheckedClean(first, SyncedAfter(first));
        var desired = Merge(first, Instance(time: 1_500, mode: UpdateMode.Update, ccs: [Cc("c1", 1_500, ReadStatus.Read)]));
        var advanced = Planner.ApplySuccess(synced, Planner.Plan(desired, synced), Now);

        var confirmed = CheckDiffRepair.Apply(advanced, advanced, null, desired, Now)!;

        Assert.True(confirmed.Ccs["c1"].Confirmed);
        Assert.False(confirmed.RestoreInstanceTime);
        Assert.Equal(SyncAction.Nothing, Planner.Plan(desired, confirmed).Action);
    }

    [Fact]
    public void A_call_that_failed_still_counts_so_a_later_change_at_its_time_is_advanced_to_stay_provable()
    {
        var first = Desired(Instance(time: 1_000));
        var synced = CheckedClean(first, SyncedAfter(first));
        var second = Merge(first, Instance(time: 2_000, mode: UpdateMode.Update, ccs: [Cc("c1", 2_000)]));
        var failed = SyncPlanner.Reserve(synced, Planner.Plan(second, synced));
        Assert.Equal((1_000L, 2_000L), (failed.FeishuInstanceTime, failed.TimeCeiling));

        // The failed call may have landed at 2000: a call at 2000 could then be ignored and a check could not tell.
        var desired = Merge(second, Instance(time: 1_500, mode: UpdateMode.Update, ccs: [Cc("c2", 1_500)]));
        var plan = Planner.Plan(desired, failed);

        Assert.Equal((SyncAction.Update, 2_001L), (plan.Action, plan.SentInstanceTime));
        Assert.Equal(["c1", "c2"], plan.Request!.CcList!.Select(c => c.CcId));
        Assert.All(plan.CcWatermarks.Values, mark => Assert.Equal(2_001, mark.ProofTime));
    }

    [Fact]
    public void The_exact_retry_of_a_call_whose_outcome_is_unknown_keeps_its_time_and_its_proof()
    {
        var first = Desired(Instance(time: 1_000));
        var synced = CheckedClean(first, SyncedAfter(first));
        var desired = Merge(first, Instance(time: 2_000, mode: UpdateMode.Update, ccs: [Cc("c1", 2_000)]));
        var plan = Planner.Plan(desired, synced);

        // Reserved before the call, and again by the commit of its failure: the second changes nothing.
        var failed = SyncPlanner.Reserve(SyncPlanner.Reserve(synced, plan), plan);
        Assert.Equal(new UncertainCall(2_000, plan.RequestHash!, 1_000), failed.UncertainCall);

        var retry = Planner.Plan(desired, failed);
        Assert.Equal((2_000L, plan.RequestHash), (retry.SentInstanceTime, retry.RequestHash));
        Assert.Equal(2_000, retry.CcWatermarks["c1"].ProofTime);
        Assert.Null(Planner.ApplySuccess(failed, retry, Now).UncertainCall);
    }

    [Fact]
    public void The_exact_retry_of_an_advanced_call_keeps_the_advanced_time()
    {
        var first = Desired(Instance(time: 2_000, ccs: [Cc("c1", 1_000)]));
        var synced = CheckedClean(first, SyncedAfter(first));
        var desired = Merge(first, Instance(time: 1_500, mode: UpdateMode.Update, ccs: [Cc("c1", 1_500, ReadStatus.Read)]));
        var probe = Planner.Plan(desired, synced);

        var retry = Planner.Plan(desired, SyncPlanner.Reserve(synced, probe));

        Assert.Equal((2_001L, 2_001L), (probe.SentInstanceTime, retry.SentInstanceTime));
    }

    [Fact]
    public void A_check_settles_a_call_whose_outcome_was_unknown()
    {
        var desired = Desired(Instance(time: 1_000));
        var synced = CheckedClean(desired, SyncedAfter(desired));
        var uncertain = synced with { UncertainCall = new UncertainCall(1_500, "hash", 1_000), FeishuInstanceTimeCeiling = 1_500 };

        var settled = CheckDiffRepair.Apply(uncertain, uncertain, null, desired, Now)!;

        Assert.Null(settled.UncertainCall);
        Assert.Equal(1_000, settled.TimeCeiling);
    }

    [Fact]
    public void After_a_check_showed_feishu_behind_the_repair_goes_out_at_the_sources_time()
    {
        var first = Desired(Instance(time: 1_000, tasks: [Task("t1", 1_000)]));
        var synced = CheckedClean(first, SyncedAfter(first));
        var desired = Merge(first, Instance(time: 2_000, mode: UpdateMode.Update, ccs: [Cc("c1", 2_000)]));
        var dropped = Planner.ApplySuccess(synced, Planner.Plan(desired, synced), Now);

        var repaired = CheckDiffRepair.Apply(dropped, dropped, new CheckedInstance { InstanceId = "inst-1", UpdateTime = 1_000, Tasks = [] }, desired, Now)!;
        Assert.Equal((1_000L, 1_000L, true), (repaired.FeishuInstanceTime, repaired.TimeCeiling, repaired.ResendAll));
        Assert.False(repaired.Ccs["c1"].Confirmed);

        var plan = Planner.Plan(desired, repaired);
        Assert.Equal((SyncAction.Update, 2_000L), (plan.Action, plan.SentInstanceTime));
        Assert.Equal(["t1"], plan.Request!.TaskList!.Select(t => t.TaskId));
        Assert.Equal(2_000, plan.CcWatermarks["c1"].ProofTime);
    }

    [Fact]
    public void A_replace_that_removes_a_task_is_repeated_until_a_check_confirms_it()
    {
        var first = Desired(Instance(time: 1_000, tasks: [Task("t1", 1_000), Task("t2", 1_000)]));
        var synced = CheckedClean(first, SyncedAfter(first));
        var second = Merge(first, Instance(time: 2_000, tasks: [Task("t1", 2_000)]));
        var removal = Planner.Plan(second, synced);
        Assert.True(removal.ReplaceMustBeConfirmed);
        var removed = Planner.ApplySuccess(synced, removal, Now);
        Assert.Equal(2_000, removed.ReplaceProofTime);

        // Had the REPLACE been dropped, an UPDATE landing now would bring Feishu to 3000 and leave t2 there unseen.
        var third = Merge(second, Instance(time: 3_000, mode: UpdateMode.Update, tasks: [Task("t1", 3_000, FeishuTaskStatus.Approved)]));
        var again = Planner.Plan(third, removed);
        Assert.Equal((SyncAction.Replace, 3_000L, true), (again.Action, again.SentInstanceTime, again.ReplaceMustBeConfirmed));
        var resent = Planner.ApplySuccess(removed, again, Now);
        var confirmed = CheckDiffRepair.Apply(resent, resent, null, third, Now)!;
        Assert.Null(confirmed.ReplaceProofTime);

        var fourth = Merge(third, Instance(time: 4_000, mode: UpdateMode.Update, status: InstanceStatus.Approved));
        Assert.Equal(SyncAction.Update, Planner.Plan(fourth, confirmed).Action);
    }

    [Fact]
    public void A_replace_the_source_sent_needs_no_confirmation_of_its_own()
    {
        var desired = Desired(Instance(time: 1_000, tasks: [Task("t1", 1_000)]));

        var plan = Planner.Plan(desired, SyncedState.Empty("inst-1"));

        Assert.Equal(SyncAction.Replace, plan.Action);
        Assert.False(plan.ReplaceMustBeConfirmed);
        Assert.Null(Planner.ApplySuccess(SyncedState.Empty("inst-1"), plan, Now).ReplaceProofTime);
    }

    [Fact]
    public void An_instance_a_check_found_missing_is_replaced_at_the_sources_time_with_every_cc_awaiting_a_check()
    {
        var desired = Desired(Instance(time: 1_000, tasks: [Task("t1", 1_000)], ccs: [Cc("c1", 1_000)]));
        var synced = CheckedClean(desired, SyncedAfter(desired));

        var lost = CheckDiffRepair.Apply(synced, synced, new CheckedInstance { InstanceId = "inst-1", UpdateTime = 0, Tasks = [] }, desired, Now)!;
        var plan = Planner.Plan(desired, lost);

        Assert.Equal(EntityWatermark.NotInFeishu, lost.Ccs["c1"].ProofTime);
        Assert.Equal((SyncAction.Replace, 1_000L, true), (plan.Action, plan.SentInstanceTime, plan.ReplaceMustBeConfirmed));
        Assert.Equal(1_000, plan.CcWatermarks["c1"].ProofTime);
    }

    [Fact]
    public void A_forced_resync_of_an_instance_feishu_may_still_hold_is_sent_above_the_ceiling()
    {
        var desired = Desired(Instance(time: 1_000, tasks: [Task("t1", 1_000)], ccs: [Cc("c1", 1_000)]));
        var synced = CheckedClean(desired, SyncedAfter(desired)) with { LostInFeishu = true };

        var plan = Planner.Plan(desired, synced);

        Assert.Equal((SyncAction.Replace, 1_001L, true), (plan.Action, plan.SentInstanceTime, plan.ReplaceMustBeConfirmed));
    }

    [Fact]
    public void Restore_waits_for_a_complete_snapshot_a_clean_check_of_the_last_call_and_nothing_unconfirmed()
    {
        var desired = Desired(Instance(time: 1_000, ccs: [Cc("c1", 1_000)]));
        var advanced = SyncedState.Empty("inst-1") with
        {
            FeishuInstanceTime = 1_001,
            ConfirmedInstanceTime = 1_001,
            Ccs = new Dictionary<string, EntityWatermark>(StringComparer.Ordinal) { ["c1"] = new(1_000, ImmutableFingerprints.Of(Cc("c1", 1_000))) },
        };

        Assert.True(SyncPlanner.NeedsRestore(desired, advanced));
        Assert.False(SyncPlanner.NeedsRestore(desired with { Complete = false }, advanced));
        Assert.False(SyncPlanner.NeedsRestore(desired, advanced with { ConfirmedInstanceTime = 1_000 }));
        Assert.False(SyncPlanner.NeedsRestore(desired, advanced with { ReplaceProofTime = 1_001 }));
        Assert.False(SyncPlanner.NeedsRestore(desired, advanced with { Ccs = new Dictionary<string, EntityWatermark> { ["c1"] = advanced.Ccs["c1"] with { ProofTime = 1_001 } } }));
        Assert.False(SyncPlanner.NeedsRestore(desired, advanced with { FeishuInstanceTime = 1_000, ConfirmedInstanceTime = 1_000 }));
    }

    private static SyncedState CheckedClean(DesiredState desired, SyncedState synced) => CheckDiffRepair.Apply(synced, synced, null, desired, Now)!;
}
