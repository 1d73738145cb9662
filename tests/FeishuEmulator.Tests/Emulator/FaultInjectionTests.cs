using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FeishuEmulator.Configuration;
using FeishuEmulator.Tests.Emulator.Infrastructure;
using static FeishuEmulator.Tests.Emulator.Infrastructure.Payloads;

namespace FeishuEmulator.Tests.Emulator;

/// <summary>Injected faults: each kind answers as Feishu would, and applies nothing.</summary>
public sealed class FaultInjectionTests : EmulatorTest
{
    [Fact]
    public async Task Server_errors_answer_500_or_503_without_a_json_body_and_apply_nothing()
    {
        Emulator.Server.Faults.ServerErrorRate = 1;

        var reply = await Emulator.SyncAsync(Instance("inst-1", T0));

        Assert.Contains(reply.Status, new[] { HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable });
        Assert.Null(reply.Body);
        Assert.False(string.IsNullOrEmpty(reply.Header("X-Tt-Logid")));
        Assert.Null(Emulator.Server.State.FindInstance("inst-1"));
    }

    [Fact]
    public async Task Injected_rate_limits_answer_429_with_code_99991400_and_the_ogw_headers()
    {
        Emulator.Server.Faults.RateLimitRate = 1;

        var reply = await Emulator.SyncAsync(Instance("inst-1", T0));

        Assert.Equal((HttpStatusCode.TooManyRequests, 99991400), (reply.Status, reply.Code));
        Assert.Equal("50", reply.Header("x-ogw-ratelimit-limit"));
        Assert.Equal("1", reply.Header("x-ogw-ratelimit-reset"));
        Assert.Null(Emulator.Server.State.FindInstance("inst-1"));
    }

    [Fact]
    public async Task Try_again_later_answers_400_with_code_1395001_and_applies_nothing()
    {
        Emulator.Server.Faults.TryAgainLaterRate = 1;

        var reply = await Emulator.SyncAsync(Instance("inst-1", T0));

        Assert.Equal((HttpStatusCode.BadRequest, 1395001), (reply.Status, reply.Code));
        Assert.Null(Emulator.Server.State.FindInstance("inst-1"));
    }

    [Fact]
    public async Task Internal_errors_answer_code_2200_and_apply_nothing()
    {
        Emulator.Server.Faults.InternalErrorRate = 1;

        var reply = await Emulator.SyncAsync(Instance("inst-1", T0));

        Assert.Equal((HttpStatusCode.InternalServerError, 2200), (reply.Status, reply.Code));
        Assert.Null(Emulator.Server.State.FindInstance("inst-1"));
    }

    [Fact]
    public async Task A_silent_drop_answers_code_0_with_the_normal_echo_but_applies_nothing_and_only_the_check_reveals_it()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, tasks: [Task("task-1", T0 + 1)]));
        Emulator.Server.Faults.SilentDropRate = 1;
        var update = Instance("inst-1", T0 + 2, updateMode: "UPDATE", status: "APPROVED", tasks: [Task("task-1", T0 + 2, status: "APPROVED")]);

        var reply = await Emulator.SyncAsync(update);

        Assert.Equal((HttpStatusCode.OK, 0, "success"), (reply.Status, reply.Code, reply.Msg));
        Assert.True(JsonNode.DeepEquals(update, reply.Data!["data"]), reply.Raw);
        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal(("PENDING", T0 + 1), (held.Status, held.UpdateTime));
        var check = await Emulator.CheckAsync(Check(("inst-1", T0 + 2, [("task-1", T0 + 2)])));
        Assert.Single(check.Data!["diff_instances"]!.AsArray());
        Assert.Equal(1, Emulator.Server.Stats.Snapshot().SilentlyDropped);
    }

    [Fact]
    public async Task Dropped_calls_carrying_ccs_are_counted_and_so_is_a_later_call_that_lands_over_them()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, tasks: [Task("task-1", T0 + 1)], ccs: [Cc("cc-1", T0 + 1)]));
        Emulator.Server.Faults.SilentDropRate = 1;
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 2, updateMode: "UPDATE", ccs: [Cc("cc-1", T0 + 2, readStatus: "READ")]));
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 3, updateMode: "UPDATE", tasks: [Task("task-1", T0 + 3, status: "APPROVED")], ccs: [Cc("cc-2", T0 + 3)]));
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 4, updateMode: "UPDATE", tasks: [Task("task-1", T0 + 4, status: "APPROVED")]));
        var dropped = Emulator.Server.Stats.Snapshot();
        Emulator.Server.Faults.SilentDropRate = 0;

        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 5, updateMode: "UPDATE", status: "APPROVED"));

        var landed = Emulator.Server.Stats.Snapshot();
        Assert.Equal((3L, 2L, 1L, 0L), (dropped.SilentlyDropped, dropped.SilentlyDroppedCcCalls, dropped.SilentlyDroppedCcOnlyCalls, dropped.DroppedCcCallsMasked));
        Assert.Equal((2L, 3L), (landed.DroppedCcCallsMasked, landed.FaultsOn("sync")));
        Assert.Equal("UNREAD", Emulator.Server.State.FindInstance("inst-1")!.FindCc("cc-1")!.ReadStatus);
    }

    [Fact]
    public async Task The_first_cc_only_calls_can_be_dropped_for_certain()
    {
        Emulator.Server.Faults.SilentDropFirstCcOnlyCalls = 1;
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, tasks: [Task("task-1", T0 + 1)], ccs: [Cc("cc-1", T0 + 1)]));

        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 2, updateMode: "UPDATE", ccs: [Cc("cc-1", T0 + 2, readStatus: "READ")]));
        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 3, updateMode: "UPDATE", ccs: [Cc("cc-2", T0 + 3)]));

        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal(("UNREAD", T0 + 3), (held.FindCc("cc-1")!.ReadStatus, held.UpdateTime));
        Assert.NotNull(held.FindCc("cc-2"));
        Assert.Equal((1L, 1L, 1L), (Emulator.Server.Stats.Snapshot().SilentlyDroppedCcOnlyCalls, Emulator.Server.Stats.Snapshot().SilentlyDropped, Emulator.Server.Stats.Snapshot().DroppedCcCallsMasked));
    }

    [Fact]
    public async Task A_silent_drop_still_refuses_an_invalid_request()
    {
        Emulator.Server.Faults.SilentDropRate = 1;
        var broken = Instance("inst-1", T0);
        broken["status"] = "FINISHED";

        var reply = await Emulator.SyncAsync(broken);

        Assert.Equal(1390001, reply.Code);
    }

    [Fact]
    public async Task Faults_hit_only_the_sync_call_by_default()
    {
        Emulator.Server.Faults.InternalErrorRate = 1;

        var check = await Emulator.CheckAsync(Check(("inst-1", T0, [])));

        Assert.Equal(0, check.Code);
    }

    [Fact]
    public async Task Faults_can_target_the_check_call_so_a_reconcile_round_fails_while_sync_works()
    {
        Emulator.Server.Faults.Targets = FaultTargets.Check;
        Emulator.Server.Faults.InternalErrorRate = 1;

        var sync = await Emulator.SyncAsync(Instance("inst-1", T0));
        var check = await Emulator.CheckAsync(Check(("inst-1", T0, [])));

        Assert.Equal(0, sync.Code);
        Assert.Equal(2200, check.Code);
    }

    [Fact]
    public async Task A_seeded_fault_rate_gives_the_same_sequence_of_answers_every_run()
    {
        async Task<int[]> RunAsync()
        {
            Emulator.Server.Reset();
            Emulator.Server.Faults.Set(new FaultSettingsValues { TryAgainLaterRate = 0.5, Seed = 42 });
            var codes = new int[20];
            for (var i = 0; i < codes.Length; i++)
            {
                codes[i] = (await Emulator.SyncAsync(Instance($"inst-{i}", T0))).Code;
                Emulator.Clock!.Advance(TimeSpan.FromSeconds(1));
            }

            return codes;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains(0, first);
        Assert.Contains(1395001, first);
    }

    [Fact]
    public async Task Faults_change_at_run_time_through_put_emulator_faults()
    {
        using var put = await Emulator.Http.PutAsJsonAsync("/emulator/faults", new { tryAgainLaterRate = 1.0, targets = "Sync, Check" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var check = await Emulator.CheckAsync(Check(("inst-1", T0, [])));

        Assert.Equal(1395001, check.Code);
        Assert.Equal(FaultTargets.Sync | FaultTargets.Check, Emulator.Server.Faults.Targets);
        var shown = JsonNode.Parse(await Emulator.Http.GetStringAsync("/emulator/faults"))!;
        Assert.Equal(1.0, shown["tryAgainLaterRate"]!.GetValue<double>());
    }

    [Fact]
    public async Task Fault_rates_adding_up_to_more_than_one_are_refused()
    {
        using var put = await Emulator.Http.PutAsJsonAsync("/emulator/faults", new { serverErrorRate = 0.7, silentDropRate = 0.7 });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("add up to", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, Emulator.Server.Faults.ServerErrorRate);
    }

    [Fact]
    public async Task Injected_faults_are_counted()
    {
        Emulator.Server.Faults.InternalErrorRate = 1;

        await Emulator.SyncAsync(Instance("inst-1", T0));
        await Emulator.SyncAsync(Instance("inst-2", T0));

        Assert.Equal(2, Emulator.Server.Stats.Snapshot().FaultsInjected);
    }
}

/// <summary>Faults that are about real time: latency and timeouts run on the system clock with short delays.</summary>
public sealed class RealTimeFaultTests : IAsyncLifetime
{
    private EmulatorHarness _emulator = null!;

    public async Task InitializeAsync() => _emulator = await EmulatorHarness.StartAsync(fakeClock: false);

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Latency_delays_every_answer()
    {
        await _emulator.TokenAsync();
        _emulator.Server.Faults.LatencyMs = 150;
        var stopwatch = Stopwatch.StartNew();

        var reply = await _emulator.SyncAsync(Instance("inst-1", T0));

        Assert.Equal(0, reply.Code);
        Assert.True(stopwatch.ElapsedMilliseconds >= 140, $"answered after {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_timeout_holds_the_call_for_the_timeout_delay_then_answers_504_and_applies_nothing()
    {
        await _emulator.TokenAsync();
        _emulator.Server.Faults.Set(new FaultSettingsValues { TimeoutRate = 1, TimeoutDelay = TimeSpan.FromMilliseconds(200) });
        var stopwatch = Stopwatch.StartNew();

        var reply = await _emulator.SyncAsync(Instance("inst-1", T0));

        Assert.Equal(HttpStatusCode.GatewayTimeout, reply.Status);
        Assert.True(stopwatch.ElapsedMilliseconds >= 190, $"answered after {stopwatch.ElapsedMilliseconds} ms");
        Assert.Null(_emulator.Server.State.FindInstance("inst-1"));
    }

    [Fact]
    public async Task A_timeout_holds_the_call_until_the_client_gives_up()
    {
        var bearer = await _emulator.BearerAsync();
        _emulator.Server.Faults.Set(new FaultSettingsValues { TimeoutRate = 1, TimeoutDelay = TimeSpan.FromSeconds(30) });
        using var impatient = new HttpClient { BaseAddress = _emulator.Server.BaseUrl, Timeout = TimeSpan.FromMilliseconds(200) };
        using var request = new HttpRequestMessage(HttpMethod.Post, EmulatorHarness.SyncPath) { Content = JsonContent.Create(Instance("inst-1", T0)) };
        request.Headers.Authorization = bearer;
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.SendAsync(request));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Null(_emulator.Server.State.FindInstance("inst-1"));
    }
}
