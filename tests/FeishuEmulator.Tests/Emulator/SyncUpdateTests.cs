using FeishuEmulator.Tests.Emulator.Infrastructure;
using static FeishuEmulator.Tests.Emulator.Infrastructure.Payloads;

namespace FeishuEmulator.Tests.Emulator;

/// <summary>approval-api.md §2, UPDATE: adds and updates only, each entity by its own strictly newer update_time.</summary>
public sealed class SyncUpdateTests : EmulatorTest
{
    [Fact]
    public async Task Update_with_a_newer_instance_time_applies_the_instance()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1));

        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 2, updateMode: "UPDATE", status: "APPROVED"));

        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal(("APPROVED", T0 + 2), (held.Status, held.UpdateTime));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Update_with_an_equal_or_older_instance_time_is_ignored_silently_with_code_0(long offset)
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 5));

        var reply = await Emulator.SyncAsync(Instance("inst-1", T0 + 5 + offset, updateMode: "UPDATE", status: "REJECTED"));

        Assert.Equal(0, reply.Code);
        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal(("PENDING", T0 + 5), (held.Status, held.UpdateTime));
        Assert.Equal(1, Emulator.Server.Stats.Snapshot().SyncIgnoredStale);
    }

    [Fact]
    public async Task Update_whose_instance_time_is_not_newer_applies_nothing_not_even_newer_or_new_tasks_and_ccs()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 5, tasks: [Task("task-1", T0 + 1)], ccs: [Cc("cc-1", T0 + 1)]));

        var reply = await Emulator.SyncAsync(Instance("inst-1", T0 + 5, updateMode: "UPDATE",
            tasks: [Task("task-1", T0 + 9, status: "APPROVED"), Task("task-2", T0 + 9)],
            ccs: [Cc("cc-1", T0 + 9, readStatus: "READ"), Cc("cc-2", T0 + 9)]));

        Assert.Equal(0, reply.Code);
        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal([("task-1", "PENDING", T0 + 1)], held.Tasks.Select(t => (t.TaskId, t.Status, t.UpdateTime)));
        Assert.Equal([("cc-1", "UNREAD", T0 + 1)], held.Ccs.Select(c => (c.CcId, c.ReadStatus, c.UpdateTime)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Update_with_an_equal_or_older_task_time_ignores_that_task_while_the_instance_applies(long offset)
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, tasks: [Task("task-1", T0 + 5), Task("task-2", T0 + 1)]));

        var reply = await Emulator.SyncAsync(Instance("inst-1", T0 + 6, updateMode: "UPDATE", status: "APPROVED",
            tasks: [Task("task-1", T0 + 5 + offset, status: "APPROVED"), Task("task-2", T0 + 6, status: "APPROVED")]));

        Assert.Equal(0, reply.Code);
        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal("APPROVED", held.Status);
        Assert.Equal(("PENDING", T0 + 5), (held.FindTask("task-1")!.Status, held.FindTask("task-1")!.UpdateTime));
        Assert.Equal(("APPROVED", T0 + 6), (held.FindTask("task-2")!.Status, held.FindTask("task-2")!.UpdateTime));
        Assert.Equal(1, Emulator.Server.Stats.Snapshot().EntitiesIgnoredStale);
    }

    [Fact]
    public async Task Update_with_a_newer_task_time_applies_that_task()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, tasks: [Task("task-1", T0 + 1)]));

        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 2, updateMode: "UPDATE",
            tasks: [Task("task-1", T0 + 2, status: "APPROVED", title: "Approved leave")]));

        var task = Emulator.Server.State.FindInstance("inst-1")!.FindTask("task-1")!;
        Assert.Equal(("APPROVED", "Approved leave", T0 + 2), (task.Status, task.Field("title"), task.UpdateTime));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Update_with_an_equal_or_older_cc_time_ignores_that_cc(long offset)
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, ccs: [Cc("cc-1", T0 + 5)]));

        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 6, updateMode: "UPDATE", ccs: [Cc("cc-1", T0 + 5 + offset, readStatus: "READ")]));

        var cc = Emulator.Server.State.FindInstance("inst-1")!.FindCc("cc-1")!;
        Assert.Equal(("UNREAD", T0 + 5), (cc.ReadStatus, cc.UpdateTime));
    }

    [Fact]
    public async Task Update_with_a_newer_cc_time_applies_that_cc()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, ccs: [Cc("cc-1", T0 + 1)]));

        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 2, updateMode: "UPDATE", ccs: [Cc("cc-1", T0 + 2, readStatus: "READ")]));

        var cc = Emulator.Server.State.FindInstance("inst-1")!.FindCc("cc-1")!;
        Assert.Equal(("READ", T0 + 2), (cc.ReadStatus, cc.UpdateTime));
    }

    [Fact]
    public async Task Update_adds_new_tasks_and_ccs_and_never_deletes_those_missing_from_the_request()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, tasks: [Task("task-1", T0 + 1)], ccs: [Cc("cc-1", T0 + 1)]));

        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 2, updateMode: "UPDATE", tasks: [Task("task-2", T0 + 2)], ccs: [Cc("cc-2", T0 + 2)]));

        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal(["task-1", "task-2"], held.Tasks.Select(t => t.TaskId));
        Assert.Equal(["cc-1", "cc-2"], held.Ccs.Select(c => c.CcId));
    }

    [Fact]
    public async Task Update_of_an_instance_feishu_does_not_hold_creates_it()
    {
        await Emulator.SyncOkAsync(Instance("inst-new", T0 + 1, updateMode: "UPDATE", tasks: [Task("task-1", T0 + 1)]));

        var held = Emulator.Server.State.FindInstance("inst-new")!;
        Assert.Equal(T0 + 1, held.UpdateTime);
        Assert.Equal(["task-1"], held.Tasks.Select(t => t.TaskId));
    }

    [Theory]
    [InlineData("approval_code", "APPROVAL_OTHER")]
    [InlineData("department_id", "dep_other")]
    [InlineData("department_name", "Other department")]
    public async Task Update_cannot_change_this_instance_field(string field, string newValue)
    {
        var first = Instance("inst-1", T0 + 1);
        await Emulator.SyncOkAsync(first);
        var update = Instance("inst-1", T0 + 2, updateMode: "UPDATE", status: "APPROVED");
        update[field] = newValue;

        await Emulator.SyncOkAsync(update);

        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal("APPROVED", held.Status);
        Assert.Equal(first[field]!.GetValue<string>(), held.Field(field));
    }

    [Theory]
    [InlineData("user_id", "u_other")]
    [InlineData("open_id", "ou_other")]
    [InlineData("create_time", "1700000009999")]
    [InlineData("node_id", "node_other")]
    [InlineData("node_name", "Other node")]
    public async Task Update_cannot_change_this_task_field(string field, string newValue)
    {
        var original = Task("task-1", T0 + 1);
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, tasks: [original]));
        var changed = Task("task-1", T0 + 2, status: "APPROVED");
        changed[field] = newValue;

        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 2, updateMode: "UPDATE", tasks: [changed]));

        var task = Emulator.Server.State.FindInstance("inst-1")!.FindTask("task-1")!;
        Assert.Equal("APPROVED", task.Status);
        Assert.Equal(original[field]!.GetValue<string>(), task.Field(field));
    }

    [Theory]
    [InlineData("user_id", "u_other")]
    [InlineData("open_id", "ou_other")]
    [InlineData("create_time", "1700000009999")]
    public async Task Update_cannot_change_this_cc_field(string field, string newValue)
    {
        var original = Cc("cc-1", T0 + 1);
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, ccs: [original]));
        var changed = Cc("cc-1", T0 + 2, readStatus: "READ");
        changed[field] = newValue;

        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 2, updateMode: "UPDATE", ccs: [changed]));

        var cc = Emulator.Server.State.FindInstance("inst-1")!.FindCc("cc-1")!;
        Assert.Equal("READ", cc.ReadStatus);
        Assert.Equal(original[field]!.GetValue<string>(), cc.Field(field));
    }

    [Fact]
    public async Task Updates_arriving_out_of_order_leave_the_newest_whatever_the_order()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0, tasks: [Task("task-1", T0)]));

        // The newest change (T0 + 3) arrives first; the older ones after it must not win.
        foreach (var (time, status) in new[] { (T0 + 3, "APPROVED"), (T0 + 1, "REJECTED"), (T0 + 2, "DONE") })
        {
            await Emulator.SyncOkAsync(Instance("inst-1", time, updateMode: "UPDATE", tasks: [Task("task-1", time, status: status)]));
        }

        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal((T0 + 3, "APPROVED", T0 + 3), (held.UpdateTime, held.Tasks[0].Status, held.Tasks[0].UpdateTime));
    }
}
