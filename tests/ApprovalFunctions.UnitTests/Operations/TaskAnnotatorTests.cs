using ApprovalFunctions.Core.Operations.UserTasks;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;
using FeishuTaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.UnitTests.Operations;

public sealed class TaskAnnotatorTests
{
    private static readonly TaskUser Approver = new("approver-1", "user_id");

    [Theory]
    [InlineData(UserTaskTopics.Todo, FeishuTaskStatus.Pending, AnnotationVerdicts.Ok)]
    [InlineData(UserTaskTopics.Todo, FeishuTaskStatus.Approved, AnnotationVerdicts.WrongStatus)]
    [InlineData(UserTaskTopics.Done, FeishuTaskStatus.Pending, AnnotationVerdicts.WrongStatus)]
    [InlineData(UserTaskTopics.Done, FeishuTaskStatus.Approved, AnnotationVerdicts.Ok)]
    [InlineData(UserTaskTopics.Done, FeishuTaskStatus.Rejected, AnnotationVerdicts.Ok)]
    [InlineData(UserTaskTopics.Done, FeishuTaskStatus.Transferred, AnnotationVerdicts.Ok)]
    [InlineData(UserTaskTopics.Done, FeishuTaskStatus.Done, AnnotationVerdicts.Ok)]
    public void A_task_is_judged_by_its_topic_against_the_desired_status(string topic, FeishuTaskStatus desiredStatus, string verdict)
    {
        var desired = Desired(tasks: [SampleInstances.Task("t1", 1_000, desiredStatus)]);

        var annotation = TaskAnnotator.Annotate(topic, Listed(topic, "t1"), desired, Approver);

        Assert.Equal(verdict, annotation.Verdict);
        Assert.Equal(verdict == AnnotationVerdicts.Ok, annotation.StatusAsExpected);
        Assert.True(annotation.KnownInstance);
        Assert.True(annotation.InDesiredState);
    }

    [Theory]
    [InlineData(UserTaskTopics.Todo, "PENDING")]
    [InlineData(UserTaskTopics.Done, "APPROVED|REJECTED|TRANSFERRED|DONE")]
    [InlineData(UserTaskTopics.UnreadCc, "UNREAD")]
    [InlineData(UserTaskTopics.ReadCc, "READ")]
    public void A_topic_expects_statuses_in_Feishus_words(string topic, string expected)
    {
        var annotation = TaskAnnotator.Annotate(topic, Listed(topic, "gone"), Desired(tasks: [SampleInstances.Task("t1", 1_000)]), Approver);

        Assert.Equal(expected, annotation.ExpectedStatus);
    }

    [Theory]
    [InlineData(UserTaskTopics.UnreadCc, ReadStatus.Unread, AnnotationVerdicts.Ok)]
    [InlineData(UserTaskTopics.UnreadCc, ReadStatus.Read, AnnotationVerdicts.WrongStatus)]
    [InlineData(UserTaskTopics.ReadCc, ReadStatus.Read, AnnotationVerdicts.Ok)]
    [InlineData(UserTaskTopics.ReadCc, ReadStatus.Unread, AnnotationVerdicts.WrongStatus)]
    public void A_CC_is_judged_by_read_status(string topic, ReadStatus desiredRead, string verdict)
    {
        var desired = Desired(ccs: [SampleInstances.Cc("c1", 1_000, desiredRead)]);

        Assert.Equal(verdict, TaskAnnotator.Annotate(topic, Listed(topic, "c1"), desired, new TaskUser("cc-user", "user_id")).Verdict);
    }

    [Fact]
    public void A_task_of_an_instance_we_do_not_know_is_flagged_unknown()
    {
        var annotation = TaskAnnotator.Annotate(UserTaskTopics.Todo, Listed(UserTaskTopics.Todo, "t1"), null, Approver);

        Assert.Equal((AnnotationVerdicts.UnknownInstance, false, (bool?)null), (annotation.Verdict, annotation.KnownInstance, annotation.InDesiredState));
    }

    [Fact]
    public void A_task_that_desired_state_does_not_hold_is_flagged()
    {
        var annotation = TaskAnnotator.Annotate(UserTaskTopics.Todo, Listed(UserTaskTopics.Todo, "t-gone"), Desired(tasks: [SampleInstances.Task("t1", 1_000)]), Approver);

        Assert.Equal((AnnotationVerdicts.NotInDesiredState, false), (annotation.Verdict, annotation.InDesiredState));
    }

    [Fact]
    public void A_listed_task_of_a_purged_instance_is_flagged()
    {
        var desired = Desired(tasks: [SampleInstances.Task("t1", 1_000)]) with { Purged = true, PurgeRunId = "run-1" };

        Assert.Equal(AnnotationVerdicts.PurgedInstance, TaskAnnotator.Annotate(UserTaskTopics.Todo, Listed(UserTaskTopics.Todo, "t1"), desired, Approver).Verdict);
    }

    [Fact]
    public void A_task_without_a_process_external_id_is_not_ours_to_judge()
    {
        var annotation = TaskAnnotator.Annotate(UserTaskTopics.Todo, new UserTask { Topic = "1", Status = "1" }, null, Approver);

        Assert.Equal(AnnotationVerdicts.NotThirdParty, annotation.Verdict);
    }

    [Theory]
    [InlineData("PENDING", InstanceStatus.Pending, AnnotationVerdicts.Ok)]
    [InlineData("APPROVED", InstanceStatus.Pending, AnnotationVerdicts.WrongStatus)]
    [InlineData("1", InstanceStatus.Pending, AnnotationVerdicts.Ok)]
    [InlineData("2", InstanceStatus.Approved, AnnotationVerdicts.Ok)]
    [InlineData("2", InstanceStatus.Pending, AnnotationVerdicts.WrongStatus)]
    [InlineData("3", InstanceStatus.Rejected, AnnotationVerdicts.Ok)]
    [InlineData("4", InstanceStatus.Canceled, AnnotationVerdicts.Ok)]
    [InlineData("5", InstanceStatus.Terminated, AnnotationVerdicts.Ok)]
    [InlineData("5", InstanceStatus.Approved, AnnotationVerdicts.WrongStatus)]
    public void An_initiated_instance_compares_Feishus_process_status_as_a_word_or_a_numeric_string(string processStatus, InstanceStatus desiredStatus, string verdict)
    {
        var desired = Desired() with { Instance = Desired().Instance with { Status = desiredStatus } };
        var listed = new UserTask { Topic = "3", ProcessExternalId = "inst-1", ProcessStatus = processStatus, Status = "1" };

        Assert.Equal(verdict, TaskAnnotator.Annotate(UserTaskTopics.Initiated, listed, desired, new TaskUser("initiator", "user_id")).Verdict);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("42")]
    public void An_initiated_instance_with_no_or_an_unknown_process_status_is_not_judged_on_it(string processStatus)
    {
        var listed = new UserTask { Topic = "3", ProcessExternalId = "inst-1", ProcessStatus = processStatus, Status = "1" };

        var annotation = TaskAnnotator.Annotate(UserTaskTopics.Initiated, listed, Desired(), new TaskUser("initiator", "user_id"));

        Assert.Equal((AnnotationVerdicts.Ok, (bool?)null), (annotation.Verdict, annotation.StatusAsExpected));
    }

    [Fact]
    public void Entities_desired_state_expects_under_a_queried_topic_but_Feishu_does_not_list_are_missing()
    {
        var desired = Desired(
            tasks: [SampleInstances.Task("t-listed", 1_000), SampleInstances.Task("t-missing", 1_000), SampleInstances.Task("t-done", 1_000, FeishuTaskStatus.Approved), SampleInstances.Task("t-other", 1_000, userId: "someone-else")],
            ccs: [SampleInstances.Cc("c-missing", 1_000, userId: "approver-1")]);
        TopicListing[] listings =
        [
            new(UserTaskTopics.Todo, [Listed(UserTaskTopics.Todo, "t-listed")], false),
            new(UserTaskTopics.UnreadCc, [], false),
        ];

        var missing = TaskAnnotator.FindMissing(Approver, listings, [desired]);

        Assert.Equal(
            [new MissingInFeishu("inst-1", EntityKinds.Task, "t-missing", UserTaskTopics.Todo, "PENDING"), new MissingInFeishu("inst-1", EntityKinds.Cc, "c-missing", UserTaskTopics.UnreadCc, "UNREAD")],
            missing);
    }

    [Fact]
    public void An_entity_Feishu_lists_under_another_queried_topic_is_a_wrong_status_not_a_missing_one()
    {
        var desired = Desired(tasks: [SampleInstances.Task("t1", 1_000, FeishuTaskStatus.Approved)]);
        TopicListing[] listings = [new(UserTaskTopics.Todo, [Listed(UserTaskTopics.Todo, "t1")], false), new(UserTaskTopics.Done, [], false)];

        Assert.Empty(TaskAnnotator.FindMissing(Approver, listings, [desired]));
    }

    [Fact]
    public void Purged_instances_and_union_ids_yield_no_missing_entities()
    {
        var desired = Desired(tasks: [SampleInstances.Task("t1", 1_000)]);
        TopicListing[] listings = [new(UserTaskTopics.Todo, [], false)];

        Assert.Single(TaskAnnotator.FindMissing(Approver, listings, [desired]));
        Assert.Empty(TaskAnnotator.FindMissing(Approver, listings, [desired with { Purged = true }]));
        Assert.Empty(TaskAnnotator.FindMissing(new TaskUser("approver-1", "union_id"), listings, [desired]));
    }

    private static UserTask Listed(string topic, string entityId) => new()
    {
        Topic = topic,
        ProcessExternalId = "inst-1",
        TaskExternalId = entityId,
        Status = topic,
        ProcessStatus = "PENDING",
        DefinitionCode = SampleInstances.ApprovalCode,
    };

    private static DesiredState Desired(IReadOnlyList<ExternalTask>? tasks = null, IReadOnlyList<ExternalCc>? ccs = null) => new()
    {
        InstanceId = "inst-1",
        ApprovalCode = SampleInstances.ApprovalCode,
        DesiredVersion = 1,
        Complete = true,
        LastReceivedAt = DateTimeOffset.UnixEpoch,
        Instance = SampleInstances.Instance(tasks: tasks, ccs: ccs),
    };
}
