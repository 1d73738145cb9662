using System.Text.Json.Nodes;
using FeishuEmulator.Tests.Emulator.Infrastructure;
using static FeishuEmulator.Tests.Emulator.Infrastructure.Payloads;

namespace FeishuEmulator.Tests.Emulator;

/// <summary>approval-api.md §3: the check API's five-step judgement per instance, stopping at the first failure.</summary>
public sealed class CheckJudgementTests : EmulatorTest
{
    [Fact]
    public async Task Step1_unknown_instance_comes_back_with_update_time_0_and_no_tasks_as_in_the_faq_example()
    {
        const string faqInstanceId = "B9414177-4ED4-4A05-A634-3E95F534E863-xxxxx";

        var reply = await Emulator.CheckAsync(Check((faqInstanceId, T0 + 1, [("task-1", T0 + 1)])));

        var expected = JsonNode.Parse($$"""
            {"code":0,"data":{"diff_instances":[{"instance_id":"{{faqInstanceId}}","tasks":[],"update_time":"0"}]},"msg":"success"}
            """);
        Assert.True(JsonNode.DeepEquals(expected, reply.Body), reply.Raw);
    }

    [Fact]
    public async Task Step2_unknown_task_comes_back_with_the_instance_effective_time_and_task_time_0()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 3, tasks: [Task("task-1", T0 + 2)]));

        var reply = await Emulator.CheckAsync(Check(("inst-1", T0 + 3, [("task-1", T0 + 2), ("task-ghost", T0 + 3)])));

        AssertSingleDiff(reply, "inst-1", Time(T0 + 3), [("task-ghost", "0")]);
    }

    [Fact]
    public async Task Step2_comes_before_step3_an_unknown_task_wins_over_a_stale_one_listed_earlier()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 3, tasks: [Task("task-1", T0 + 2)]));

        var reply = await Emulator.CheckAsync(Check(("inst-1", T0 + 3, [("task-1", T0 + 1), ("task-ghost", T0 + 3)])));

        AssertSingleDiff(reply, "inst-1", Time(T0 + 3), [("task-ghost", "0")]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(+1)]
    public async Task Step3_task_time_that_is_not_feishus_comes_back_with_feishus_effective_task_time(long offset)
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 3, tasks: [Task("task-1", T0 + 2), Task("task-2", T0 + 2)]));

        var reply = await Emulator.CheckAsync(Check(("inst-1", T0 + 3, [("task-1", T0 + 2), ("task-2", T0 + 2 + offset)])));

        AssertSingleDiff(reply, "inst-1", Time(T0 + 3), [("task-2", Time(T0 + 2))]);
    }

    [Fact]
    public async Task Step3_comes_before_step4_a_stale_task_is_reported_even_when_the_instance_is_stale_too()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 3, tasks: [Task("task-1", T0 + 2)]));

        var reply = await Emulator.CheckAsync(Check(("inst-1", T0 + 1, [("task-1", T0 + 1)])));

        AssertSingleDiff(reply, "inst-1", Time(T0 + 3), [("task-1", Time(T0 + 2))]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(+1)]
    public async Task Step4_instance_time_that_is_not_feishus_comes_back_with_feishus_time_and_no_tasks(long offset)
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 3, tasks: [Task("task-1", T0 + 2)]));

        var reply = await Emulator.CheckAsync(Check(("inst-1", T0 + 3 + offset, [("task-1", T0 + 2)])));

        AssertSingleDiff(reply, "inst-1", Time(T0 + 3), []);
    }

    [Fact]
    public async Task Step5_a_current_instance_is_not_returned_and_the_answer_matches_the_faq_example()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 3, tasks: [Task("task-1", T0 + 2)]));

        var reply = await Emulator.CheckAsync(Check(("inst-1", T0 + 3, [("task-1", T0 + 2)])));

        var expected = JsonNode.Parse("""{"code":0,"data":{"diff_instances":[]},"msg":"success"}""");
        Assert.True(JsonNode.DeepEquals(expected, reply.Body), reply.Raw);
    }

    [Fact]
    public async Task Check_judges_each_instance_of_a_batch_on_its_own()
    {
        await Emulator.SyncOkAsync(Instance("inst-current", T0 + 1, tasks: [Task("task-a", T0 + 1)]));
        await Emulator.SyncOkAsync(Instance("inst-stale", T0 + 4, tasks: [Task("task-b", T0 + 1)]));

        var reply = await Emulator.CheckAsync(Check(
            ("inst-current", T0 + 1, [("task-a", T0 + 1)]),
            ("inst-stale", T0 + 2, [("task-b", T0 + 1)]),
            ("inst-missing", T0 + 1, [])));

        var diff = reply.Data!["diff_instances"]!.AsArray();
        Assert.Equal(["inst-stale", "inst-missing"], diff.Select(d => d!["instance_id"]!.GetValue<string>()));
        Assert.Equal([Time(T0 + 4), "0"], diff.Select(d => d!["update_time"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Check_reveals_a_stale_update_that_sync_answered_with_code_0()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 5, tasks: [Task("task-1", T0 + 5)]));
        var staleReply = await Emulator.SyncAsync(Instance("inst-1", T0 + 4, updateMode: "UPDATE", tasks: [Task("task-1", T0 + 4)]));
        Assert.Equal(0, staleReply.Code);

        var reply = await Emulator.CheckAsync(Check(("inst-1", T0 + 4, [("task-1", T0 + 4)])));

        AssertSingleDiff(reply, "inst-1", Time(T0 + 5), [("task-1", Time(T0 + 5))]);
    }

    [Fact]
    public async Task Check_reports_the_task_time_feishu_accepted_last_not_the_last_one_sent()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, tasks: [Task("task-1", T0 + 3)]));
        // The instance applies (newer), its task does not (older): Feishu keeps task time T0 + 3.
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 2, updateMode: "UPDATE", tasks: [Task("task-1", T0 + 2)]));

        var reply = await Emulator.CheckAsync(Check(("inst-1", T0 + 2, [("task-1", T0 + 2)])));

        AssertSingleDiff(reply, "inst-1", Time(T0 + 2), [("task-1", Time(T0 + 3))]);
    }

    [Fact]
    public async Task Check_times_are_strings_of_digits()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 3, tasks: [Task("task-1", T0 + 2)]));

        var reply = await Emulator.CheckAsync(Check(("inst-1", T0 + 3, [("task-1", T0 + 1)])));

        var diff = reply.Data!["diff_instances"]![0]!;
        Assert.Equal(System.Text.Json.JsonValueKind.String, diff["update_time"]!.GetValueKind());
        Assert.Equal(System.Text.Json.JsonValueKind.String, diff["tasks"]![0]!["update_time"]!.GetValueKind());
    }

    private static void AssertSingleDiff(FeishuReply reply, string instanceId, string updateTime, (string TaskId, string UpdateTime)[] tasks)
    {
        Assert.Equal(0, reply.Code);
        var diff = Assert.Single(reply.Data!["diff_instances"]!.AsArray())!;
        Assert.Equal(instanceId, diff["instance_id"]!.GetValue<string>());
        Assert.Equal(updateTime, diff["update_time"]!.GetValue<string>());
        Assert.Equal(tasks, diff["tasks"]!.AsArray().Select(t => (t!["task_id"]!.GetValue<string>(), t["update_time"]!.GetValue<string>())));
    }
}
