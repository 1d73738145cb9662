using ApprovalFunctions.Core.Facade;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;
using static ApprovalFunctions.Tests.Shared.SampleInstances;

namespace ApprovalFunctions.UnitTests.Facade;

/// <summary>Feishu's five steps (approval-api.md §3), asked of desired state.</summary>
public sealed class DesiredStateCheckTests
{
    private static readonly DesiredState Held = new()
    {
        InstanceId = "inst-1",
        ApprovalCode = ApprovalCode,
        DesiredVersion = 3,
        Complete = true,
        LastReceivedAt = DateTimeOffset.UnixEpoch,
        Instance = Instance("inst-1", time: 3_000, tasks: [Task("t1", 2_000), Task("t2", 3_000)]),
    };

    [Fact]
    public void Step_1_an_instance_the_app_never_accepted_comes_back_with_time_0_and_no_tasks() =>
        AssertDiff(("inst-1", 0, []), DesiredStateCheck.Judge(Claim(3_000, ("t1", 2_000)), desired: null));

    [Fact]
    public void Step_1_also_for_an_instance_wiped_by_a_clean_up() =>
        AssertDiff(("inst-1", 0, []), DesiredStateCheck.Judge(Claim(3_000), Held with { Purged = true }));

    [Fact]
    public void Step_2_a_task_the_app_does_not_hold_comes_back_with_time_0_before_any_stale_task() =>
        AssertDiff(("inst-1", 3_000, [("t9", 0)]), DesiredStateCheck.Judge(Claim(3_000, ("t1", 1_000), ("t9", 2_000)), Held));

    [Fact]
    public void Step_3_the_first_task_whose_time_is_not_the_latest_comes_back_with_the_latest() =>
        AssertDiff(("inst-1", 3_000, [("t1", 2_000)]), DesiredStateCheck.Judge(Claim(2_500, ("t2", 3_000), ("t1", 2_500)), Held));

    [Fact]
    public void Step_4_an_instance_time_that_is_not_the_latest_comes_back_with_no_tasks() =>
        AssertDiff(("inst-1", 3_000, []), DesiredStateCheck.Judge(Claim(2_999, ("t1", 2_000)), Held));

    [Fact]
    public void Step_5_a_claim_of_exactly_what_the_app_holds_is_current_even_naming_only_some_tasks()
    {
        Assert.Null(DesiredStateCheck.Judge(Claim(3_000, ("t1", 2_000), ("t2", 3_000)), Held));
        Assert.Null(DesiredStateCheck.Judge(Claim(3_000), Held));
    }

    [Fact]
    public void A_task_stored_without_its_own_time_is_judged_by_the_instance_time()
    {
        var held = Held with { Instance = Instance("inst-1", time: 3_000, tasks: [Task("t1", time: null)]) };

        Assert.Null(DesiredStateCheck.Judge(Claim(3_000, ("t1", 3_000)), held));
    }

    private static CheckedInstance Claim(long time, params (string TaskId, long Time)[] tasks) => new()
    {
        InstanceId = "inst-1",
        UpdateTime = time,
        Tasks = [.. tasks.Select(t => new CheckedTask { TaskId = t.TaskId, UpdateTime = t.Time })],
    };

    private static void AssertDiff((string Id, long Time, (string TaskId, long Time)[] Tasks) expected, CheckedInstance? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal((expected.Id, expected.Time), (actual.InstanceId, actual.UpdateTime));
        Assert.Equal(expected.Tasks, actual.Tasks.Select(t => (t.TaskId, t.UpdateTime)).ToArray());
    }
}
