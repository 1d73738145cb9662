using System.Net;
using System.Text.Json.Nodes;
using FeishuEmulator.Configuration;
using FeishuEmulator.Tests.Emulator.Infrastructure;
using static FeishuEmulator.Tests.Emulator.Infrastructure.Payloads;

namespace FeishuEmulator.Tests.Emulator;

/// <summary>approval-api.md §5: external approval definitions and the external task status list.</summary>
public sealed class ExternalApiTests : EmulatorTest
{
    protected override FeishuEmulatorOptions Options => new() { RequireKnownApprovalCode = true };

    [Fact]
    public async Task Creating_an_external_approval_returns_its_code_and_lets_instances_of_it_sync()
    {
        var created = await Emulator.PostAsync(EmulatorHarness.ExternalApprovalsPath, Definition(ApprovalCode));

        Assert.Equal(0, created.Code);
        Assert.Equal(ApprovalCode, created.Data!["approval_code"]!.GetValue<string>());
        Assert.Equal(0, (await Emulator.SyncAsync(Instance("inst-1", T0))).Code);
    }

    [Fact]
    public async Task With_known_approval_codes_required_a_sync_of_an_unknown_code_is_refused_with_1390002()
    {
        var reply = await Emulator.SyncAsync(Instance("inst-1", T0, approvalCode: "NEVER_CREATED"));

        Assert.Equal((HttpStatusCode.BadRequest, 1390002), (reply.Status, reply.Code));
        Assert.Contains("NEVER_CREATED", reply.Msg, StringComparison.Ordinal);
        Assert.Null(Emulator.Server.State.FindInstance("inst-1"));
    }

    [Fact]
    public async Task An_approval_code_longer_than_128_characters_is_refused()
    {
        var reply = await Emulator.PostAsync(EmulatorHarness.ExternalApprovalsPath, Definition(new string('A', 129)));

        Assert.Equal(1390001, reply.Code);
        Assert.Contains("approval_code must hold 1 to 128 characters", reply.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_definition_missing_a_required_field_is_refused_naming_it()
    {
        var definition = Definition(ApprovalCode);
        definition.Remove("group_code");

        var reply = await Emulator.PostAsync(EmulatorHarness.ExternalApprovalsPath, definition);

        Assert.Equal(1390001, reply.Code);
        Assert.Contains("group_code is required", reply.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task External_tasks_reads_filters_from_a_json_body_on_a_get()
    {
        await Emulator.PostAsync(EmulatorHarness.ExternalApprovalsPath, Definition(ApprovalCode));
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, tasks: [Task("task-1", T0 + 1), Task("task-2", T0 + 2, status: "APPROVED")]));
        await Emulator.SyncOkAsync(Instance("inst-2", T0 + 1, tasks: [Task("task-3", T0 + 1)]));

        var reply = await Emulator.GetAsync(EmulatorHarness.ExternalTasksPath,
            new JsonObject { ["instance_ids"] = new JsonArray("inst-1"), ["status"] = "APPROVED" });

        Assert.Equal(0, reply.Code);
        var instance = Assert.Single(reply.Data!["data"]!.AsArray())!;
        Assert.Equal(("inst-1", ApprovalCode, Time(T0 + 1)),
            (instance["instance_id"]!.GetValue<string>(), instance["approval_code"]!.GetValue<string>(), instance["update_time"]!.GetValue<string>()));
        var task = Assert.Single(instance["tasks"]!.AsArray())!;
        Assert.Equal(("task-2", "APPROVED", Time(T0 + 2)),
            (task["id"]!.GetValue<string>(), task["status"]!.GetValue<string>(), task["update_time"]!.GetValue<string>()));
        Assert.Matches("^[1-9][0-9]{18}$", instance["approval_id"]!.GetValue<string>());
        Assert.False(reply.Data["has_more"]!.GetValue<bool>());
    }

    [Fact]
    public async Task External_tasks_pages_with_page_size_and_page_token()
    {
        await Emulator.PostAsync(EmulatorHarness.ExternalApprovalsPath, Definition(ApprovalCode));
        for (var i = 0; i < 3; i++)
        {
            await Emulator.SyncOkAsync(Instance($"inst-{i}", T0, tasks: [Task($"task-{i}", T0)]));
        }

        var first = await Emulator.GetAsync($"{EmulatorHarness.ExternalTasksPath}?page_size=2", new JsonObject { ["approval_codes"] = new JsonArray(ApprovalCode) });
        var token = first.Data!["page_token"]!.GetValue<string>();
        var second = await Emulator.GetAsync($"{EmulatorHarness.ExternalTasksPath}?page_size=2&page_token={Uri.EscapeDataString(token)}",
            new JsonObject { ["approval_codes"] = new JsonArray(ApprovalCode) });

        Assert.True(first.Data["has_more"]!.GetValue<bool>());
        Assert.Equal(2, first.Data["data"]!.AsArray().Count);
        Assert.Equal("inst-2", Assert.Single(second.Data!["data"]!.AsArray())!["instance_id"]!.GetValue<string>());
        Assert.False(second.Data["has_more"]!.GetValue<bool>());
    }

    [Fact]
    public async Task External_tasks_refuses_more_than_20_instance_ids()
    {
        var ids = new JsonArray([.. Enumerable.Range(0, 21).Select(i => (JsonNode)$"inst-{i}")]);

        var reply = await Emulator.GetAsync(EmulatorHarness.ExternalTasksPath, new JsonObject { ["instance_ids"] = ids });

        Assert.Equal(1390001, reply.Code);
        Assert.Contains("instance_ids holds 21 ids; at most 20", reply.Msg, StringComparison.Ordinal);
    }

    private static JsonObject Definition(string approvalCode) => new()
    {
        ["approval_name"] = "@i18n@approval_name",
        ["approval_code"] = approvalCode,
        ["group_code"] = "hr",
        ["group_name"] = "@i18n@group_name",
        ["external"] = new JsonObject { ["support_pc"] = true, ["support_mobile"] = true, ["create_link_pc"] = "https://approvals.example.com/new" },
        ["i18n_resources"] = new JsonArray(new JsonObject
        {
            ["locale"] = "en-US",
            ["is_default"] = true,
            ["texts"] = new JsonArray(
                new JsonObject { ["key"] = "@i18n@approval_name", ["value"] = "Leave" },
                new JsonObject { ["key"] = "@i18n@group_name", ["value"] = "HR" }),
        }),
    };
}
