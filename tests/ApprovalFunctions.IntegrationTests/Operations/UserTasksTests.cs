using ApprovalFunctions.Core.Operations.UserTasks;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using FeishuEmulator.Configuration;
using FeishuTaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.IntegrationTests.Operations;

public sealed class UserTasksTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_users_tasks_flag_a_task_missing_in_Feishu_and_a_task_with_the_wrong_status()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite);
        var user = TestInstances.NewId("ou_user");
        var id = TestInstances.NewId("tasks");
        var time = TestInstances.BaseTime;
        await harness.Ingestor.IngestAsync(TestInstances.Instance(id, "APPROVAL-TASKS", time,
            tasks: [TestInstances.Task($"{id}-t1", user, time), TestInstances.Task($"{id}-t2", "ou_someone_else", time)],
            ccs: [TestInstances.Cc($"{id}-c1", user, time)], initiator: user), CancellationToken.None);
        await harness.DrainSyncAsync();

        // Feishu answers code 0 to the next sync but applies nothing of it.
        harness.Emulator.Faults.Targets = FaultTargets.Sync;
        harness.Emulator.Faults.SilentDropRate = 1.0;
        var later = time + 1_000;
        await harness.Ingestor.IngestAsync(TestInstances.Instance(id, "APPROVAL-TASKS", later, UpdateMode.Update,
            tasks: [TestInstances.Task($"{id}-t1", user, later, FeishuTaskStatus.Approved), TestInstances.Task($"{id}-t3", user, later)], initiator: user), CancellationToken.None);
        await harness.DrainSyncAsync();
        harness.Emulator.Faults.Clear();

        var report = await harness.Get<UserTasksInspector>().InspectAsync(new TaskUser(user, "open_id"), UserTaskTopics.All, [], CancellationToken.None);

        var wrong = Assert.Single(report.Tasks, t => t.TaskId == $"{id}-t1");
        Assert.Equal((UserTaskTopics.Todo, AnnotationVerdicts.WrongStatus, "PENDING", "APPROVED", false), (wrong.Topic, wrong.Verdict, wrong.ExpectedStatus, wrong.DesiredStatus, wrong.StatusAsExpected));
        var cc = Assert.Single(report.Tasks, t => t.TaskId == $"{id}-c1");
        Assert.Equal((UserTaskTopics.UnreadCc, AnnotationVerdicts.Ok), (cc.Topic, cc.Verdict));
        var initiated = Assert.Single(report.Tasks, t => t.Topic == UserTaskTopics.Initiated && t.InstanceId == id);
        Assert.Equal((AnnotationVerdicts.Ok, true), (initiated.Verdict, initiated.StatusAsExpected));
        var missing = Assert.Single(report.MissingInFeishu);
        Assert.Equal(new MissingInFeishu(id, EntityKinds.Task, $"{id}-t3", UserTaskTopics.Todo, "PENDING"), missing);
        Assert.Equal(2, report.Problems);
        Assert.DoesNotContain(report.Tasks, t => t.TaskId == $"{id}-t2");
    }

    [Fact]
    public async Task Instances_named_by_the_caller_reveal_tasks_of_instances_Feishu_does_not_list_at_all()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite);
        var user = TestInstances.NewId("ou_user");
        var id = TestInstances.NewId("dropped");
        harness.Emulator.Faults.Targets = FaultTargets.Sync;
        harness.Emulator.Faults.SilentDropRate = 1.0;
        await harness.Ingestor.IngestAsync(TestInstances.Instance(id, "APPROVAL-TASKS", tasks: [TestInstances.Task($"{id}-t", user)]), CancellationToken.None);
        await harness.DrainSyncAsync();
        harness.Emulator.Faults.Clear();
        var inspector = harness.Get<UserTasksInspector>();

        var unnamed = await inspector.InspectAsync(new TaskUser(user, "open_id"), [UserTaskTopics.Todo], [], CancellationToken.None);
        var named = await inspector.InspectAsync(new TaskUser(user, "open_id"), [UserTaskTopics.Todo], [id], CancellationToken.None);

        Assert.Empty(unnamed.MissingInFeishu);
        Assert.Equal(new MissingInFeishu(id, EntityKinds.Task, $"{id}-t", UserTaskTopics.Todo, "PENDING"), Assert.Single(named.MissingInFeishu));
    }
}
