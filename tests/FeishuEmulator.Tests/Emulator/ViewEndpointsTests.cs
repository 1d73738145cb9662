using System.Net;
using System.Text.Json.Nodes;
using FeishuEmulator.Tests.Emulator.Infrastructure;
using static FeishuEmulator.Tests.Emulator.Infrastructure.Payloads;

namespace FeishuEmulator.Tests.Emulator;

/// <summary>The emulator's own read-only view, counters and reset under <c>/emulator</c>.</summary>
public sealed class ViewEndpointsTests : EmulatorTest
{
    [Fact]
    public async Task Instances_lists_what_feishu_holds_with_tasks_ccs_and_effective_update_times()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, tasks: [Task("task-1", T0 + 3)], ccs: [Cc("cc-1", T0 + 1)]));
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 2, updateMode: "UPDATE", tasks: [Task("task-1", T0 + 2)]));

        var instances = JsonNode.Parse(await Emulator.Http.GetStringAsync("/emulator/instances"))!.AsArray();

        var instance = Assert.Single(instances)!;
        Assert.Equal(("inst-1", Time(T0 + 2)), (instance["instance_id"]!.GetValue<string>(), instance["effective_update_time"]!.GetValue<string>()));
        Assert.Equal(Time(T0 + 3), instance["task_list"]![0]!["effective_update_time"]!.GetValue<string>());
        Assert.Equal("cc-1", instance["cc_list"]![0]!["cc_id"]!.GetValue<string>());
        Assert.Null(instance["update_mode"]);
    }

    [Fact]
    public async Task One_instance_is_shown_by_id_and_an_unknown_one_is_404()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0));

        var known = JsonNode.Parse(await Emulator.Http.GetStringAsync("/emulator/instances/inst-1"))!;
        using var unknown = await Emulator.Http.GetAsync("/emulator/instances/inst-unknown");

        Assert.Equal("inst-1", known["instance_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Stats_count_calls_per_endpoint_and_what_the_syncs_did()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 2, tasks: [Task("task-1", T0 + 2)]));
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, updateMode: "UPDATE"));
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 3, updateMode: "UPDATE", tasks: [Task("task-1", T0 + 1)]));
        await Emulator.CheckAsync(Check(("inst-1", T0 + 3, [])));
        var broken = Instance("inst-2", T0);
        broken["status"] = "FINISHED";
        await Emulator.SyncAsync(broken);

        var stats = JsonNode.Parse(await Emulator.Http.GetStringAsync("/emulator/stats"))!;

        Assert.Equal(4, stats["callsPerEndpoint"]!["sync"]!.GetValue<long>());
        Assert.Equal(1, stats["callsPerEndpoint"]!["check"]!.GetValue<long>());
        Assert.Equal(1, stats["callsPerEndpoint"]!["token"]!.GetValue<long>());
        Assert.Equal(2, stats["syncApplied"]!.GetValue<long>());
        Assert.Equal(1, stats["syncIgnoredStale"]!.GetValue<long>());
        Assert.Equal(1, stats["entitiesIgnoredStale"]!.GetValue<long>());
        Assert.Equal(1, stats["rejected"]!.GetValue<long>());
    }

    [Fact]
    public async Task Reset_forgets_instances_and_counters_and_keeps_tokens_valid()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0));
        Emulator.Server.Faults.InternalErrorRate = 1;

        using var reset = await Emulator.Http.PostAsync("/emulator/reset", content: null);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Empty(Emulator.Server.State.Instances);
        Assert.Equal(0, Emulator.Server.Faults.InternalErrorRate);
        Assert.Equal(0, Emulator.Server.Stats.Snapshot().CallsTo("sync"));
        Assert.Equal(0, (await Emulator.SyncAsync(Instance("inst-2", T0))).Code);
    }
}
