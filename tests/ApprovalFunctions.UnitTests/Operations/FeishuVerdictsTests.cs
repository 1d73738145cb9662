using ApprovalFunctions.Core.Operations.Diagnose;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.UnitTests.Operations;

public sealed class FeishuVerdictsTests
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
        var verdict = FeishuVerdicts.Read(Expected, new CheckInstancesResponse { DiffInstances = diff is null ? [] : [diff] }, "log-1");

        Assert.Equal((kind, "log-1"), (verdict.Kind, verdict.LogId));
        Assert.Equal(diff?.UpdateTime ?? Expected.UpdateTime, verdict.FeishuInstanceTime);
    }

    [Fact]
    public void A_stale_task_reports_both_times()
    {
        var diff = new CheckedInstance { InstanceId = "inst-1", UpdateTime = 2_000, Tasks = [new CheckedTask { TaskId = "t1", UpdateTime = 1_200 }] };

        var verdict = FeishuVerdicts.Read(Expected, new CheckInstancesResponse { DiffInstances = [diff] }, null);

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

        var before = FeishuVerdicts.Expected(desired, null);
        var after = FeishuVerdicts.Expected(desired, synced);

        Assert.Equal((1_000L, 2), (before.UpdateTime, before.Tasks.Count));
        Assert.Equal(1_000, before.Tasks[1].UpdateTime);
        Assert.Equal((1_001L, 1), (after.UpdateTime, after.Tasks.Count));
    }
}
