using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;
using static ApprovalFunctions.UnitTests.Reconcile.ReconcileTestData;

namespace ApprovalFunctions.UnitTests.Reconcile;

public sealed class CheckDiffRepairTests
{
    [Theory]
    [InlineData(0, null, null, CheckDiffKind.InstanceMissing)]
    [InlineData(1_000, "a-t2", 0L, CheckDiffKind.TaskMissing)]
    [InlineData(1_000, "a-t2", 800L, CheckDiffKind.TaskStale)]
    [InlineData(950, null, null, CheckDiffKind.InstanceStale)]
    public void Diffs_are_classified_by_the_faq_judgement(long instanceTime, string? taskId, long? taskTime, CheckDiffKind expected)
    {
        Assert.Equal(expected, CheckDiffRepair.Classify(Diff("a", instanceTime, taskId, taskTime)));
    }

    [Fact]
    public void Instance_missing_asks_for_a_replace_with_every_cc_and_no_time_ceiling()
    {
        var synced = WithCc(Synced("a"), proof: null);

        var repaired = CheckDiffRepair.Apply(synced, synced, Diff("a", 0), Desired("a"), Now);

        Assert.NotNull(repaired);
        Assert.True(repaired.LostInFeishu);
        Assert.False(repaired.ResendAll);
        Assert.Equal(synced.Tasks, repaired.Tasks);
        Assert.Equal((0L, 0L), (repaired.FeishuInstanceTime, repaired.TimeCeiling));
        Assert.Equal(EntityWatermark.NotInFeishu, repaired.Ccs["a-c1"].ProofTime);
    }

    [Fact]
    public void Task_missing_zeroes_its_watermark_and_resends_everything()
    {
        var synced = Synced("a");

        var repaired = CheckDiffRepair.Apply(synced, synced, Diff("a", 1_000, "a-t2", 0), Desired("a"), Now)!;

        Assert.True(repaired.ResendAll);
        Assert.False(repaired.LostInFeishu);
        Assert.Equal(0, repaired.Tasks["a-t2"].UpdateTime);
        Assert.Equal("fp-2", repaired.Tasks["a-t2"].Fingerprint);
        Assert.Equal(1_000, repaired.Tasks["a-t1"].UpdateTime);
    }

    [Fact]
    public void Task_stale_records_feishus_task_and_instance_times()
    {
        var synced = Synced("a");

        var repaired = CheckDiffRepair.Apply(synced, synced, Diff("a", 990, "a-t1", 700), Desired("a"), Now)!;

        Assert.True(repaired.ResendAll);
        Assert.Equal(700, repaired.Tasks["a-t1"].UpdateTime);
        Assert.Equal(990, repaired.FeishuInstanceTime);
    }

    [Fact]
    public void Instance_stale_records_feishus_instance_time_as_the_new_ceiling_and_leaves_later_ccs_unconfirmed()
    {
        var synced = WithCc(Synced("a") with { FeishuInstanceTimeCeiling = 1_200 }, proof: 1_000);

        var repaired = CheckDiffRepair.Apply(synced, synced, Diff("a", 950), Desired("a"), Now)!;

        Assert.True(repaired.ResendAll);
        Assert.Equal((950L, 950L), (repaired.FeishuInstanceTime, repaired.TimeCeiling));
        Assert.Equal(synced.Tasks, repaired.Tasks);
        Assert.Equal(1_000, repaired.Ccs["a-c1"].ProofTime);
    }

    [Fact]
    public void Any_diff_confirms_the_ccs_of_calls_at_or_below_feishus_instance_time()
    {
        var synced = WithCc(Synced("a"), proof: 1_000) with { ReplaceProofTime = 1_000 };

        var repaired = CheckDiffRepair.Apply(synced, synced, Diff("a", 1_000, "a-t2", 800), Desired("a"), Now)!;

        Assert.True(repaired.Ccs["a-c1"].Confirmed);
        Assert.Null(repaired.ReplaceProofTime);
        Assert.True(repaired.ResendAll);
    }

    [Fact]
    public void A_clean_check_confirms_ccs_records_the_time_and_lowers_the_ceiling()
    {
        var synced = WithCc(Synced("a") with { FeishuInstanceTimeCeiling = 1_300 }, proof: 1_000);

        var confirmed = CheckDiffRepair.Apply(synced, synced, null, Desired("a"), Now)!;

        Assert.True(confirmed.Ccs["a-c1"].Confirmed);
        Assert.Equal((1_000L, 1_000L), (confirmed.ConfirmedInstanceTime, confirmed.TimeCeiling));
        Assert.False(confirmed.NeedsRepair);
        Assert.Equal(1, CheckDiffRepair.CcsConfirmed(synced, confirmed));
    }

    [Fact]
    public void A_clean_check_with_nothing_to_record_changes_nothing()
    {
        var synced = WithCc(Synced("a"), proof: null);

        Assert.Same(synced, CheckDiffRepair.Apply(synced, synced, null, Desired("a"), Now));
    }

    [Fact]
    public void A_clean_check_of_an_advanced_time_asks_for_a_restore_only_for_a_complete_snapshot()
    {
        var synced = WithCc(Synced("a") with { FeishuInstanceTime = 1_001, FeishuInstanceTimeCeiling = 1_001 }, proof: 1_001);

        Assert.True(CheckDiffRepair.Apply(synced, synced, null, Desired("a"), Now)!.RestoreInstanceTime);
        Assert.False(CheckDiffRepair.Apply(synced, synced, null, Desired("a", complete: false), Now)!.NeedsRepair);

        // Watermarks written before this design (no ceiling, no proofs) that hold the old "last sent + 1 ms".
        var legacy = Synced("a") with { FeishuInstanceTime = 1_001 };
        Assert.True(CheckDiffRepair.Apply(legacy, legacy, null, Desired("a"), Now)!.RestoreInstanceTime);
    }

    [Fact]
    public void A_clean_check_that_leaves_a_cc_unconfirmed_resends_everything()
    {
        var synced = WithCc(Synced("a"), proof: 1_500);

        var repaired = CheckDiffRepair.Apply(synced, synced, null, Desired("a"), Now)!;

        Assert.False(repaired.Ccs["a-c1"].Confirmed);
        Assert.True(repaired.ResendAll);
    }

    [Fact]
    public void An_answer_about_watermarks_a_sync_has_since_replaced_or_holds_is_dropped()
    {
        var checkedState = Synced("a");

        Assert.Null(CheckDiffRepair.Apply(checkedState with { FeishuInstanceTime = 1_001, LastSyncAt = Now }, checkedState, Diff("a", 950), Desired("a"), Now));
        Assert.Null(CheckDiffRepair.Apply(checkedState with { FeishuInstanceTimeCeiling = 2_000 }, checkedState, null, Desired("a"), Now));
        Assert.Null(CheckDiffRepair.Apply(checkedState with { LeaseOwner = "sync", LeaseUntil = Now.AddSeconds(5) }, checkedState, null, Desired("a"), Now));
        Assert.NotNull(CheckDiffRepair.Apply(checkedState with { LeaseOwner = "crashed", LeaseUntil = Now.AddSeconds(-5) }, checkedState, Diff("a", 950), Desired("a"), Now));
    }

    [Fact]
    public void The_claim_carries_the_instance_time_sent_and_every_synced_tasks_time()
    {
        var claim = CheckDiffRepair.ClaimOf(Synced("a") with { FeishuInstanceTime = 1_001 });

        Assert.Equal("a", claim.InstanceId);
        Assert.Equal(1_001, claim.UpdateTime);
        Assert.Equal([("a-t1", 1_000L), ("a-t2", 900L)], claim.Tasks.Select(t => (t.TaskId, t.UpdateTime)));
    }

    private static SyncedState WithCc(SyncedState synced, long? proof) => synced with
    {
        Ccs = new Dictionary<string, EntityWatermark>(StringComparer.Ordinal) { [$"{synced.InstanceId}-c1"] = new(1_000, "fp-c", proof) },
    };

    private static CheckedInstance Diff(string id, long instanceTime, string? taskId = null, long? taskTime = null) => new()
    {
        InstanceId = id,
        UpdateTime = instanceTime,
        Tasks = taskId is null ? [] : [new CheckedTask { TaskId = taskId, UpdateTime = taskTime ?? 0 }],
    };
}
