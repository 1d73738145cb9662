using ApprovalFunctions.Core.Reconcile;
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
    public void Instance_missing_asks_for_a_replace()
    {
        var synced = Synced("a");

        var repaired = CheckDiffRepair.Apply(synced, synced, Diff("a", 0));

        Assert.NotNull(repaired);
        Assert.True(repaired.LostInFeishu);
        Assert.False(repaired.ResendAll);
        Assert.Equal(synced.Tasks, repaired.Tasks);
    }

    [Fact]
    public void Task_missing_zeroes_its_watermark_and_resends_everything()
    {
        var synced = Synced("a");

        var repaired = CheckDiffRepair.Apply(synced, synced, Diff("a", 1_000, "a-t2", 0))!;

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

        var repaired = CheckDiffRepair.Apply(synced, synced, Diff("a", 990, "a-t1", 700))!;

        Assert.True(repaired.ResendAll);
        Assert.Equal(700, repaired.Tasks["a-t1"].UpdateTime);
        Assert.Equal(990, repaired.FeishuInstanceTime);
    }

    [Fact]
    public void Instance_stale_records_feishus_instance_time()
    {
        var synced = Synced("a");

        var repaired = CheckDiffRepair.Apply(synced, synced, Diff("a", 950))!;

        Assert.True(repaired.ResendAll);
        Assert.Equal(950, repaired.FeishuInstanceTime);
        Assert.Equal(synced.Tasks, repaired.Tasks);
    }

    [Fact]
    public void A_diff_about_watermarks_a_sync_has_since_replaced_is_dropped()
    {
        var checkedState = Synced("a");
        var current = checkedState with { FeishuInstanceTime = 1_001, LastSyncAt = Now };

        Assert.Null(CheckDiffRepair.Apply(current, checkedState, Diff("a", 950)));
    }

    [Fact]
    public void The_claim_carries_the_instance_time_sent_and_every_synced_tasks_time()
    {
        var claim = CheckDiffRepair.ClaimOf(Synced("a") with { FeishuInstanceTime = 1_001 });

        Assert.Equal("a", claim.InstanceId);
        Assert.Equal(1_001, claim.UpdateTime);
        Assert.Equal([("a-t1", 1_000L), ("a-t2", 900L)], claim.Tasks.Select(t => (t.TaskId, t.UpdateTime)));
    }

    private static CheckedInstance Diff(string id, long instanceTime, string? taskId = null, long? taskTime = null) => new()
    {
        InstanceId = id,
        UpdateTime = instanceTime,
        Tasks = taskId is null ? [] : [new CheckedTask { TaskId = taskId, UpdateTime = taskTime ?? 0 }],
    };
}
