using System.Net;
using System.Text.Json.Nodes;
using FeishuEmulator.Tests.Emulator.Infrastructure;
using static FeishuEmulator.Tests.Emulator.Infrastructure.Payloads;

namespace FeishuEmulator.Tests.Emulator;

/// <summary>Every body and query is checked against Feishu's official schema and the rules it cannot express: 400 / 1390001 naming the field.</summary>
public sealed class ValidationTests : EmulatorTest
{
    [Fact]
    public async Task A_task_status_outside_the_enum_is_refused_naming_the_field_and_the_allowed_values()
    {
        var instance = Instance("inst-1", T0, tasks: [Task("task-0", T0), Task("task-1", T0)]);
        instance["task_list"]![1]!["status"] = "FINISHED";

        var reply = await Emulator.SyncAsync(instance);

        AssertInvalid(reply, "param is invalid: task_list[1].status must be one of PENDING, APPROVED, REJECTED, TRANSFERRED, DONE");
        Assert.Null(Emulator.Server.State.FindInstance("inst-1"));
    }

    [Fact]
    public async Task A_missing_required_field_is_named_by_its_path()
    {
        var instance = Instance("inst-1", T0, tasks: [Task("task-0", T0)]);
        instance["task_list"]![0]!.AsObject().Remove("create_time");

        AssertInvalid(await Emulator.SyncAsync(instance), "task_list[0].create_time is required");
    }

    [Fact]
    public async Task A_field_feishu_does_not_know_is_refused()
    {
        var instance = Instance("inst-1", T0, ccs: [Cc("cc-1", T0)]);
        instance["cc_list"]![0]!["colour"] = "red";

        AssertInvalid(await Emulator.SyncAsync(instance), "cc_list[0].colour is not a field Feishu knows here");
    }

    [Fact]
    public async Task A_time_sent_as_a_number_is_refused_because_the_schema_says_string()
    {
        var instance = Instance("inst-1", T0);
        instance["end_time"] = 0;

        AssertInvalid(await Emulator.SyncAsync(instance), "end_time must be of type string, got 0");
    }

    [Theory]
    [InlineData("update_time", "1.7e12")]
    [InlineData("start_time", "")]
    [InlineData("start_time", "-5")]
    public async Task An_instance_time_that_is_not_decimal_digits_is_refused(string field, string value)
    {
        var instance = Instance("inst-1", T0);
        instance[field] = value;

        AssertInvalid(await Emulator.SyncAsync(instance), $"{field} must be a string of decimal digits");
    }

    [Fact]
    public async Task A_task_time_that_is_not_decimal_digits_is_refused_naming_the_task()
    {
        var instance = Instance("inst-1", T0, tasks: [Task("task-0", T0), Task("task-1", T0)]);
        instance["task_list"]![1]!["update_time"] = "yesterday";

        AssertInvalid(await Emulator.SyncAsync(instance), "task_list[1].update_time must be a string of decimal digits");
    }

    [Fact]
    public async Task An_empty_pc_link_is_refused()
    {
        var instance = Instance("inst-1", T0, tasks: [Task("task-0", T0)]);
        instance["task_list"]![0]!["links"]!["pc_link"] = "";

        AssertInvalid(await Emulator.SyncAsync(instance), "task_list[0].links.pc_link must not be empty");
    }

    [Fact]
    public async Task A_task_id_equal_to_the_instance_id_is_refused_naming_both()
    {
        var reply = await Emulator.SyncAsync(Instance("same-id", T0, tasks: [Task("same-id", T0)]));

        AssertInvalid(reply, "task_list[0].task_id \"same-id\" is also used by instance_id");
    }

    [Fact]
    public async Task A_cc_id_equal_to_a_task_id_is_refused_naming_both()
    {
        var reply = await Emulator.SyncAsync(Instance("inst-1", T0, tasks: [Task("shared", T0)], ccs: [Cc("shared", T0)]));

        AssertInvalid(reply, "cc_list[0].cc_id \"shared\" is also used by task_list[0].task_id");
    }

    [Fact]
    public async Task Two_tasks_with_one_id_are_refused()
    {
        var reply = await Emulator.SyncAsync(Instance("inst-1", T0, tasks: [Task("task-1", T0), Task("task-1", T0)]));

        AssertInvalid(reply, "task_list[1].task_id \"task-1\" is also used by task_list[0].task_id");
    }

    [Fact]
    public async Task More_than_300_tasks_are_refused()
    {
        var reply = await Emulator.SyncAsync(Instance("inst-1", T0, tasks: Enumerable.Range(0, 301).Select(i => Task($"task-{i}", T0))));

        AssertInvalid(reply, "task_list holds 301 tasks; at most 300 are allowed");
    }

    [Fact]
    public async Task Exactly_300_tasks_and_200_ccs_are_accepted()
    {
        var reply = await Emulator.SyncAsync(Instance("inst-1", T0,
            tasks: Enumerable.Range(0, 300).Select(i => Task($"task-{i}", T0)),
            ccs: Enumerable.Range(0, 200).Select(i => Cc($"cc-{i}", T0))));

        Assert.Equal(0, reply.Code);
    }

    [Fact]
    public async Task More_than_200_ccs_are_refused()
    {
        var reply = await Emulator.SyncAsync(Instance("inst-1", T0, ccs: Enumerable.Range(0, 201).Select(i => Cc($"cc-{i}", T0))));

        AssertInvalid(reply, "cc_list holds 201 CCs; at most 200 are allowed");
    }

    [Fact]
    public async Task A_task_without_user_id_and_open_id_is_refused()
    {
        var instance = Instance("inst-1", T0, tasks: [Task("task-0", T0)]);
        instance["task_list"]![0]!.AsObject().Remove("user_id");
        instance["task_list"]![0]!.AsObject().Remove("open_id");

        AssertInvalid(await Emulator.SyncAsync(instance), "task_list[0] needs a user_id or an open_id");
    }

    [Fact]
    public async Task An_i18n_key_the_default_locale_does_not_define_is_refused()
    {
        var instance = Instance("inst-1", T0, title: "@i18n@missing_title");

        AssertInvalid(await Emulator.SyncAsync(instance), "title uses the key \"@i18n@missing_title\"");
    }

    [Fact]
    public async Task An_extra_that_is_not_a_serialised_json_object_is_refused()
    {
        var instance = Instance("inst-1", T0);
        instance["extra"] = "business_key=DOC-1";

        AssertInvalid(await Emulator.SyncAsync(instance), "extra must be a JSON object serialised into a string");
    }

    [Theory]
    [InlineData("instance_id")]
    [InlineData("approval_code")]
    public async Task An_empty_instance_id_or_approval_code_is_refused(string field)
    {
        var instance = Instance("inst-1", T0);
        instance[field] = "";

        AssertInvalid(await Emulator.SyncAsync(instance), $"{field} must not be empty");
    }

    [Fact]
    public async Task A_form_longer_than_2048_characters_in_all_is_refused()
    {
        var instance = Instance("inst-1", T0);
        instance["form"] = new JsonArray(new JsonObject { ["name"] = "reason", ["value"] = new string('x', 2043) });

        AssertInvalid(await Emulator.SyncAsync(instance), "form holds 2049 characters; at most 2048 are allowed");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused()
    {
        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, EmulatorHarness.SyncPath) { Content = content };
        request.Headers.Authorization = await Emulator.BearerAsync();

        using var response = await Emulator.Http.SendAsync(request);
        var reply = await FeishuReply.ReadAsync(response);

        AssertInvalid(reply, "the body is not valid JSON");
    }

    [Fact]
    public async Task A_check_entry_without_tasks_is_refused_naming_it()
    {
        var request = Check(("inst-1", T0, []));
        request["instances"]![0]!.AsObject().Remove("tasks");

        AssertInvalid(await Emulator.CheckAsync(request), "instances[0].tasks is required");
    }

    [Fact]
    public async Task A_check_time_that_is_not_decimal_digits_is_refused()
    {
        var request = Check(("inst-1", T0, [("task-1", T0)]));
        request["instances"]![0]!["tasks"]![0]!["update_time"] = "soon";

        AssertInvalid(await Emulator.CheckAsync(request), "instances[0].tasks[0].update_time must be a string of decimal digits");
    }

    [Theory]
    [InlineData("user_id=ou_1", "topic is required")]
    [InlineData("user_id=ou_1&topic=4", "topic must be one of 1, 2, 3, 17, 18")]
    [InlineData("user_id=ou_1&topic=1&page_size=201", "page_size must be between 1 and 200")]
    [InlineData("user_id=ou_1&topic=1&page_size=ten", "page_size must be of type number, got \"ten\"")]
    [InlineData("user_id=ou_1&topic=1&page_token=bogus", "page_token is invalid")]
    [InlineData("user_id=ou_1&topic=1&colour=red", "colour is not a field Feishu knows here")]
    public async Task A_bad_tasks_query_is_refused_naming_the_parameter(string query, string expected)
    {
        AssertInvalid(await Emulator.GetAsync($"{EmulatorHarness.TasksQueryPath}?{query}"), expected);
    }

    [Fact]
    public async Task A_refused_sync_changes_nothing_feishu_holds()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, tasks: [Task("task-1", T0 + 1)]));
        var broken = Instance("inst-1", T0 + 2, status: "APPROVED", tasks: [Task("task-1", T0 + 2)]);
        broken["links"]!.AsObject().Remove("pc_link");

        AssertInvalid(await Emulator.SyncAsync(broken), "links.pc_link is required");

        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal(("PENDING", T0 + 1), (held.Status, held.UpdateTime));
        Assert.Equal(1, Emulator.Server.Stats.Snapshot().Rejected);
    }

    private static void AssertInvalid(FeishuReply reply, string expectedMessagePart)
    {
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(1390001, reply.Code);
        Assert.StartsWith("param is invalid: ", reply.Msg, StringComparison.Ordinal);
        Assert.Contains(expectedMessagePart, reply.Msg, StringComparison.Ordinal);
    }
}
