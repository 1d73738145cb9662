using ApprovalFunctions.Core.Operations.Diagnose;
using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.UnitTests.Reconcile;

public sealed class CheckVerdictTests
{
    private static readonly CheckedInstance Expected = new()
    {
        InstanceId = "inst-1",
        UpdateTime = 2_000,
        Tasks = [new CheckedTask { TaskId = "t1", UpdateTime = 1_500 }],
    };

    public static TheoryData<CheckedInstance?, string> Diffs => new()
    {
        { null, VerdictKinds.InSync },
        { new CheckedInstance { InstanceId = "inst-1", UpdateTime = 0, Tasks = [] }, VerdictKinds.InstanceUnknown },
        { new CheckedInstance { InstanceId = "inst-1", UpdateTime = 2_000, Tasks = [new CheckedTask { TaskId = "t1", UpdateTime = 0 }] }, VerdictKinds.TaskUnknown },
        { new CheckedInstance { InstanceId = "inst-1", UpdateTime = 2_000, Tasks = [new CheckedTask { TaskId = "t1", UpdateTime = 1_200 }] }, VerdictKinds.TaskStale },
        { new CheckedInstance { InstanceId = "inst-1", UpdateTime = 1_800, Tasks = [] }, VerdictKinds.InstanceStale },
    };

    [Theory]
    [MemberData(nameof(Diffs))]
    public void Feishus_first_failure_becomes_the_verdict(CheckedInstance? diff, string kind)
    {
        var verdict = CheckVerdict.Diagnose(Expected, new CheckInstancesResponse { DiffInstances = diff is null ? [] : [diff] }, "log-1");

        Assert.Equal((kind, "log-1"), (verdict.Kind, verdict.LogId));
        Assert.Equal(diff?.UpdateTime ?? Expected.UpdateTime, verdict.FeishuInstanceTime);
    }

    [Fact]
    public void A_stale_task_reports_both_times()
    {
        var diff = new CheckedInstance { InstanceId = "inst-1", UpdateTime = 2_000, Tasks = [new CheckedTask { TaskId = "t1", UpdateTime = 1_200 }] };

        var verdict = CheckVerdict.Diagnose(Expected, new CheckInstancesResponse { DiffInstances = [diff] }, null);

        Assert.Equal(("t1", 1_500L, 1_200L), (verdict.TaskId, verdict.ExpectedTaskTime!.Value, verdict.FeishuTaskTime!.Value));
    }

    [Fact]
    public void The_check_uses_the_watermarks_once_synced_and_the_desired_times_before()
    {
        var desired = new DesiredState
        {
            InstanceId = "inst-1",
            ApprovalCode = SampleInstances.ApprovalCode,
            DesiredVersion = 2,
            Complete = true,
            LastReceivedAt = DateTimeOffset.UnixEpoch,
            Instance = SampleInstances.Instance(time: 1_000, tasks: [SampleInstances.Task("t1", 900), SampleInstances.Task("t2", null)]),
        };
        var synced = SyncedState.Empty("inst-1") with
        {
            FeishuInstanceTime = 1_001,
            Tasks = new Dictionary<string, EntityWatermark> { ["t1"] = new(900, "f") },
        };

        var before = CheckVerdict.ClaimOf(desired, null);
        var after = CheckVerdict.ClaimOf(desired, synced);

        Assert.Equal((1_000L, 2), (before.UpdateTime, before.Tasks.Count));
        Assert.Equal(1_000, before.Tasks[1].UpdateTime);
        Assert.Equal((1_001L, 1), (after.UpdateTime, after.Tasks.Count));
    }

    public static TheoryData<CheckedInstance, string, string> TimelineEvents => new()
    {
        { new CheckedInstance { InstanceId = "inst-1", UpdateTime = 0, Tasks = [] }, "instance_missing", "Reconcile: Feishu does not know the instance; the next sync REPLACEs it (or parks a partial snapshot)." },
        { new CheckedInstance { InstanceId = "inst-1", UpdateTime = 2_000, Tasks = [new CheckedTask { TaskId = "t1", UpdateTime = 0 }] }, "task_missing", "Reconcile: Feishu does not know task 't1'; the next sync resends every task and CC." },
        { new CheckedInstance { InstanceId = "inst-1", UpdateTime = 2_000, Tasks = [new CheckedTask { TaskId = "t1", UpdateTime = 1_200 }] }, "task_stale", "Reconcile: Feishu holds task 't1' at update_time 1200; the next sync resends every task and CC." },
        { new CheckedInstance { InstanceId = "inst-1", UpdateTime = 1_800, Tasks = [] }, "instance_stale", "Reconcile: Feishu holds the instance at update_time 1800; the next sync resends every task and CC." },
    };

    [Theory]
    [MemberData(nameof(TimelineEvents))]
    public void A_reconcile_diff_is_recorded_on_the_timeline_in_the_verdicts_words(CheckedInstance diff, string verdict, string detail)
    {
        var recorded = CheckVerdict.Of(diff).ToTimelineEvent(3, "log-2", DateTimeOffset.UnixEpoch);

        Assert.Equal((verdict, detail, 3L, "log-2"), (recorded.Outcome, recorded.Detail, recorded.DesiredVersion!.Value, recorded.LogId));
    }

    [Fact]
    public void An_unknown_instance_outranks_a_task_in_the_same_diff()
    {
        var diff = new CheckedInstance { InstanceId = "inst-1", UpdateTime = 0, Tasks = [new CheckedTask { TaskId = "t1", UpdateTime = 0 }] };

        Assert.Equal(CheckDiffKind.InstanceMissing, CheckVerdict.Of(diff).Kind);
        Assert.Equal(VerdictKinds.InstanceUnknown, CheckVerdict.Diagnose(Expected, new CheckInstancesResponse { DiffInstances = [diff] }, null).Kind);
    }
}
