using System.Net;
using System.Text.Json.Nodes;
using FeishuEmulator.Tests.Emulator.Infrastructure;
using static FeishuEmulator.Tests.Emulator.Infrastructure.Payloads;

namespace FeishuEmulator.Tests.Emulator;

/// <summary>approval-api.md §2, REPLACE: the request becomes the whole truth.</summary>
public sealed class SyncReplaceTests : EmulatorTest
{
    [Fact]
    public async Task Sync_answers_code_0_with_an_echo_of_the_instance_under_data_data()
    {
        var instance = Instance("inst-1", T0 + 1, tasks: [Task("task-1", T0 + 1)]);

        var reply = await Emulator.SyncAsync(instance);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(0, reply.Code);
        Assert.Equal("success", reply.Msg);
        Assert.True(JsonNode.DeepEquals(instance, reply.Data!["data"]), reply.Raw);
    }

    [Fact]
    public async Task Replace_is_the_default_when_update_mode_is_missing_and_deletes_tasks_and_ccs_not_in_the_request()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, updateMode: "REPLACE",
            tasks: [Task("task-1", T0 + 1), Task("task-2", T0 + 1)], ccs: [Cc("cc-1", T0 + 1), Cc("cc-2", T0 + 1)]));

        // No update_mode at all: REPLACE, so task-1 and cc-1 disappear.
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 2, tasks: [Task("task-2", T0 + 2)], ccs: [Cc("cc-2", T0 + 2)]));

        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal(["task-2"], held.Tasks.Select(t => t.TaskId));
        Assert.Equal(["cc-2"], held.Ccs.Select(c => c.CcId));
    }

    [Fact]
    public async Task Replace_without_tasks_loses_every_task_and_the_check_reports_the_lost_one()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, tasks: [Task("task-1", T0 + 1)]));

        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 2, updateMode: "REPLACE"));

        Assert.Empty(Emulator.Server.State.FindInstance("inst-1")!.Tasks);
        var check = await Emulator.CheckAsync(Check(("inst-1", T0 + 2, [("task-1", T0 + 1)])));
        var diff = Assert.Single(check.Data!["diff_instances"]!.AsArray());
        Assert.Equal("0", diff!["tasks"]![0]!["update_time"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replace_does_not_check_update_time_so_an_older_snapshot_sent_later_wins()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 5, status: "APPROVED", tasks: [Task("task-1", T0 + 5, status: "APPROVED")]));

        var reply = await Emulator.SyncAsync(Instance("inst-1", T0 + 1, updateMode: "REPLACE", tasks: [Task("task-1", T0 + 1)]));

        Assert.Equal(0, reply.Code);
        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal("PENDING", held.Status);
        Assert.Equal(T0 + 1, held.UpdateTime);
        Assert.Equal(("PENDING", T0 + 1), (held.Tasks[0].Status, held.Tasks[0].UpdateTime));
    }

    [Fact]
    public async Task Replace_changes_the_fields_update_cannot_change()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, tasks: [Task("task-1", T0 + 1)], ccs: [Cc("cc-1", T0 + 1)]));

        var next = Instance("inst-1", T0 + 2, updateMode: "REPLACE",
            tasks: [Task("task-1", T0 + 2, openId: "ou_other", userId: "u_other", createTime: T0 + 2, nodeId: "node_hr", nodeName: "HR")],
            ccs: [Cc("cc-1", T0 + 2, openId: "ou_cc_other", userId: "u_cc_other", createTime: T0 + 2)]);
        next["department_id"] = "dep_hr";
        next["department_name"] = "HR";
        await Emulator.SyncOkAsync(next);

        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal(("dep_hr", "HR"), (held.Field("department_id"), held.Field("department_name")));
        var task = held.Tasks[0];
        Assert.Equal(("ou_other", "u_other", Time(T0 + 2), "node_hr", "HR"),
            (task.OpenId, task.UserId, task.Field("create_time"), task.Field("node_id"), task.Field("node_name")));
        var cc = held.Ccs[0];
        Assert.Equal(("ou_cc_other", "u_cc_other", Time(T0 + 2)), (cc.OpenId, cc.UserId, cc.Field("create_time")));
    }

    [Fact]
    public async Task Replace_keeps_the_approval_code_of_an_existing_instance()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, approvalCode: "APPROVAL_A"));

        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 2, updateMode: "REPLACE", approvalCode: "APPROVAL_B", title: "@i18n@title"));

        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal("APPROVAL_A", held.ApprovalCode);
        Assert.Equal(T0 + 2, held.UpdateTime);
    }

    [Fact]
    public async Task Cleanup_recipe_replace_approved_without_initiator_leaves_an_approved_instance_nobody_sees()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, tasks: [Task("task-1", T0 + 1)], ccs: [Cc("cc-1", T0 + 1)]));

        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 2, updateMode: "REPLACE", status: "APPROVED", openId: null, userId: null));

        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal("APPROVED", held.Status);
        Assert.Null(held.UserId);
        Assert.Null(held.OpenId);
        Assert.Empty(held.Tasks);
        Assert.Empty(held.Ccs);
        var initiated = await Emulator.GetAsync($"{EmulatorHarness.TasksQueryPath}?user_id={InitiatorOpenId}&topic=3");
        Assert.Empty(initiated.Data!["tasks"]!.AsArray());
    }
}
