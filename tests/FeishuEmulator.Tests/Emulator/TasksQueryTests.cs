using System.Text.Json.Nodes;
using FeishuEmulator.Configuration;
using FeishuEmulator.Tests.Emulator.Infrastructure;
using static FeishuEmulator.Tests.Emulator.Infrastructure.Payloads;

namespace FeishuEmulator.Tests.Emulator;

/// <summary>approval-api.md §4: a user's tasks by topic, answered from what the emulator holds, with paging.</summary>
public sealed class TasksQueryTests : EmulatorTest
{
    protected override FeishuEmulatorOptions Options => new() { RateLimitPerSecond = 1000, RateLimitPerMinute = 10_000 };

    [Fact]
    public async Task Topic_1_lists_the_pending_tasks_of_the_user_by_open_id_with_feishus_fields()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0, tasks:
        [
            Task("task-mine", T0),
            Task("task-done", T0, status: "APPROVED"),
            Task("task-other", T0, openId: "ou_someone_else", userId: "u_someone_else"),
        ]));

        var tasks = await QueryAsync(ApproverOpenId, "1");

        var task = Assert.Single(tasks);
        Assert.Equal("task-mine", task["task_external_id"]!.GetValue<string>());
        Assert.Equal("inst-1", task["process_external_id"]!.GetValue<string>());
        Assert.Equal(ApprovalCode, task["definition_code"]!.GetValue<string>());
        Assert.Equal(("1", "1", "1"), (task["topic"]!.GetValue<string>(), task["status"]!.GetValue<string>(), task["process_status"]!.GetValue<string>()));
        Assert.Equal(ApproverOpenId, task["user_id"]!.GetValue<string>());
        Assert.Equal("Approve the leave", task["title"]!.GetValue<string>());
        Assert.Equal("https://approvals.example.com/pc/task/task-mine", task["urls"]!["pc"]!.GetValue<string>());
        Assert.Equal("https://approvals.example.com/m/task/task-mine", task["urls"]!["mobile"]!.GetValue<string>());
    }

    [Fact]
    public async Task Topic_2_lists_the_tasks_of_the_user_in_any_other_status()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0, tasks:
            [Task("task-pending", T0), Task("task-approved", T0, status: "APPROVED"), Task("task-transferred", T0, status: "TRANSFERRED")]));

        var tasks = await QueryAsync(ApproverOpenId, "2");

        Assert.Equal(["task-approved", "task-transferred"], tasks.Select(t => t["task_external_id"]!.GetValue<string>()));
        Assert.All(tasks, t => Assert.Equal("2", t["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Topic_3_lists_the_instances_the_user_initiated()
    {
        await Emulator.SyncOkAsync(Instance("inst-mine", T0));
        await Emulator.SyncOkAsync(Instance("inst-other", T0, openId: "ou_other", userId: "u_other"));

        var tasks = await QueryAsync(InitiatorOpenId, "3");

        var initiated = Assert.Single(tasks);
        Assert.Equal("inst-mine", initiated["process_external_id"]!.GetValue<string>());
        Assert.Equal(("@i18n@title", "1"), (initiated["title"]!.GetValue<string>(), initiated["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Topics_17_and_18_list_the_unread_and_the_read_ccs_of_the_user()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0, ccs: [Cc("cc-unread", T0), Cc("cc-read", T0, readStatus: "READ")]));

        var unread = await QueryAsync(CcOpenId, "17");
        var read = await QueryAsync(CcOpenId, "18");

        Assert.Equal(("cc-unread", "17"), (Assert.Single(unread)["task_external_id"]!.GetValue<string>(), unread[0]["status"]!.GetValue<string>()));
        Assert.Equal(("cc-read", "18"), (Assert.Single(read)["task_external_id"]!.GetValue<string>(), read[0]["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task User_id_type_user_id_matches_the_user_id_and_not_the_open_id()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0, tasks: [Task("task-1", T0)]));

        var byUserId = await QueryAsync(ApproverUserId, "1", "&user_id_type=user_id");
        var userIdAsOpenId = await QueryAsync(ApproverUserId, "1");

        Assert.Single(byUserId);
        Assert.Empty(userIdAsOpenId);
    }

    [Fact]
    public async Task An_instance_without_initiator_is_seen_by_no_one_in_any_topic()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0, openId: null, userId: null, tasks: [Task("task-1", T0)], ccs: [Cc("cc-1", T0)]));

        Assert.Empty(await QueryAsync(ApproverOpenId, "1"));
        Assert.Empty(await QueryAsync(CcOpenId, "17"));
    }

    [Fact]
    public async Task Pages_follow_page_token_until_has_more_is_false_and_count_comes_on_the_first_page_only()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0, tasks: Enumerable.Range(0, 5).Select(i => Task($"task-{i}", T0))));

        var seen = new List<string>();
        string? pageToken = null;
        var pages = 0;
        do
        {
            var reply = await Emulator.GetAsync($"{EmulatorHarness.TasksQueryPath}?user_id={ApproverOpenId}&topic=1&page_size=2"
                + (pageToken is null ? string.Empty : $"&page_token={Uri.EscapeDataString(pageToken)}"));
            var data = reply.Data!;
            if (pages == 0)
            {
                Assert.Equal(5, data["count"]!["total"]!.GetValue<int>());
                Assert.False(data["count"]!["has_more"]!.GetValue<bool>());
            }
            else
            {
                Assert.Null(data["count"]);
            }

            seen.AddRange(data["tasks"]!.AsArray().Select(t => t!["task_external_id"]!.GetValue<string>()));
            pageToken = data["has_more"]!.GetValue<bool>() ? data["page_token"]!.GetValue<string>() : null;
            pages++;
        }
        while (pageToken is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"task-{i}"), seen);
    }

    [Fact]
    public async Task Page_size_defaults_to_100()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0, tasks: Enumerable.Range(0, 150).Select(i => Task($"task-{i}", T0))));

        var reply = await Emulator.GetAsync($"{EmulatorHarness.TasksQueryPath}?user_id={ApproverOpenId}&topic=1");

        Assert.Equal(100, reply.Data!["tasks"]!.AsArray().Count);
        Assert.True(reply.Data["has_more"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_count_total_is_capped_at_999()
    {
        for (var i = 0; i < 4; i++)
        {
            await Emulator.SyncOkAsync(Instance($"inst-{i}", T0, tasks: Enumerable.Range(0, 250).Select(t => Task($"task-{i}-{t}", T0))));
        }

        var reply = await Emulator.GetAsync($"{EmulatorHarness.TasksQueryPath}?user_id={ApproverOpenId}&topic=1&page_size=200");

        Assert.Equal(999, reply.Data!["count"]!["total"]!.GetValue<int>());
        Assert.True(reply.Data["count"]!["has_more"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Items_carry_feishus_own_ids_which_stay_with_the_task_from_to_do_to_done()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0, tasks: [Task("task-1", T0)]));
        var todo = Assert.Single(await QueryAsync(ApproverOpenId, "1"));
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, status: "APPROVED", tasks: [Task("task-1", T0 + 1, status: "APPROVED")]));
        var done = Assert.Single(await QueryAsync(ApproverOpenId, "2"));

        foreach (var field in new[] { "task_id", "process_id" })
        {
            Assert.Matches("^[1-9][0-9]{18}$", todo[field]!.GetValue<string>());
        }

        Assert.Matches("^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$", todo["process_code"]!.GetValue<string>());
        Assert.Equal(
            (todo["task_id"]!.GetValue<string>(), todo["process_id"]!.GetValue<string>(), todo["process_code"]!.GetValue<string>()),
            (done["task_id"]!.GetValue<string>(), done["process_id"]!.GetValue<string>(), done["process_code"]!.GetValue<string>()));
        Assert.Equal("2", done["process_status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("PENDING", "1")]
    [InlineData("APPROVED", "2")]
    [InlineData("REJECTED", "3")]
    [InlineData("CANCELED", "4")]
    [InlineData("TERMINATED", "5")]
    public async Task Process_status_is_the_numeric_string_the_sdks_declare(string instanceStatus, string processStatus)
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0, status: instanceStatus));

        var initiated = Assert.Single(await QueryAsync(InitiatorOpenId, "3"));

        Assert.Equal(processStatus, initiated["process_status"]!.GetValue<string>());
    }

    private async Task<List<JsonNode>> QueryAsync(string userId, string topic, string extra = "")
    {
        var reply = await Emulator.GetAsync($"{EmulatorHarness.TasksQueryPath}?user_id={userId}&topic={topic}{extra}");
        Assert.True(reply.Code == 0, reply.Raw);
        return [.. reply.Data!["tasks"]!.AsArray().Select(t => t!)];
    }
}
