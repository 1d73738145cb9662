using System.Text.Json;
using System.Diagnostics.Metrics;
using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.Json;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static ApprovalFunctions.Tests.Shared.SampleInstances;
using FeishuTaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.IntegrationTests.Pipeline;

public sealed class InstanceSyncEngineTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Twenty_changes_accepted_before_the_engine_runs_cost_at_most_two_feishu_calls()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.Ingestor.IngestAsync(Instance("burst", time: 1_000, tasks: [Task("t0", 1_000)]), default);
        for (var i = 1; i < 20; i++)
        {
            await harness.Ingestor.IngestAsync(Instance("burst", time: 1_000 + i, mode: UpdateMode.Update, tasks: [Task($"t{i}", 1_000 + i)]), default);
        }

        var results = await harness.DrainAsync();

        Assert.Equal(20, results.Count);
        Assert.InRange(harness.Feishu.CallsFor("burst"), 1, 2);
        Assert.Equal(19, results.Count(r => r.Result == SyncRunResult.UpToDate));
        await AssertFeishuEqualsDesiredAsync(harness, "burst");
        Assert.Equal(20, (await harness.Store.LoadAsync("burst", default)).Synced!.Document.SyncedDesiredVersion);
    }

    [Fact]
    public async Task Feishu_ends_equal_to_desired_state_through_a_realistic_workflow_synced_step_by_step()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        ExternalInstance[] steps =
        [
            Instance("flow", time: 1_000, tasks: [Task("n1", 1_000)]),
            Instance("flow", time: 2_000, mode: UpdateMode.Update, tasks: [Task("n1", 2_000, FeishuTaskStatus.Approved), Task("n2", 2_000)]),
            Instance("flow", time: 3_000, mode: UpdateMode.Update, tasks: [Task("n2b", 3_000, userId: "added-signer")]),
            Instance("flow", time: 4_000, mode: UpdateMode.Update, ccs: [Cc("cc1", 4_000)]),
            Instance("flow", time: 5_000, mode: UpdateMode.Update, status: InstanceStatus.Approved,
                tasks: [Task("n2", 5_000, FeishuTaskStatus.Approved), Task("n2b", 5_000, FeishuTaskStatus.Approved, userId: "added-signer")]),
        ];

        foreach (var step in steps)
        {
            await harness.Ingestor.IngestAsync(step, default);
            await harness.DrainAsync();
        }

        Assert.Equal(5, harness.Feishu.CallsFor("flow"));
        Assert.Equal(UpdateMode.Replace, harness.Feishu.Calls[0].UpdateMode);
        Assert.All(harness.Feishu.Calls.Skip(1), call => Assert.Equal(UpdateMode.Update, call.UpdateMode));
        Assert.Equal(InstanceStatus.Approved, harness.Feishu.Held("flow")!.Status);
        await AssertFeishuEqualsDesiredAsync(harness, "flow");
    }

    [Fact]
    public async Task Orderings_of_five_changes_each_delivered_twice_end_equal_in_feishu_with_at_most_one_call_per_change()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        int[][] orders =
        [
            [0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [1, 0, 3, 2, 4], [4, 0, 3, 1, 2], [2, 4, 1, 3, 0], [3, 1, 4, 0, 2],
        ];

        foreach (var (order, n) in orders.Select((order, n) => (order, n)))
        {
            var id = $"order-{n}";
            ExternalInstance[] changes =
            [
                Instance(id, time: 1_000, tasks: [Task("a", 1_000)]),
                Instance(id, time: 2_000, mode: UpdateMode.Update, tasks: [Task("a", 2_000, FeishuTaskStatus.Approved), Task("b", 2_000)]),
                Instance(id, time: 3_000, mode: UpdateMode.Update, ccs: [Cc("c", 3_000)]),
                Instance(id, time: 4_000, mode: UpdateMode.Update, tasks: [Task("b", 4_000, FeishuTaskStatus.Approved)]),
                Instance(id, time: 5_000, mode: UpdateMode.Update, status: InstanceStatus.Approved),
            ];

            // Each change arrives twice, and the queue function runs between deliveries.
            foreach (var index in order.Concat(order.Reverse()))
            {
                await harness.Ingestor.IngestAsync(changes[index], default);
                await harness.DrainVisibleAsync();
            }

            Assert.InRange(harness.Feishu.CallsFor(id), 1, 5);
            var held = harness.Feishu.Held(id)!;
            Assert.Equal(InstanceStatus.Approved, held.Status);
            Assert.Equal(["a", "b"], held.TaskList!.Select(t => t.TaskId).Order());
            Assert.All(held.TaskList!, t => Assert.Equal(FeishuTaskStatus.Approved, t.Status));
            Assert.Equal("c", Assert.Single(held.CcList!).CcId);
            await AssertFeishuEqualsDesiredAsync(harness, id);
        }
    }

    [Fact]
    public async Task Task_left_out_of_a_replace_is_gone_in_feishu()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.Ingestor.IngestAsync(Instance("drop", time: 1_000, tasks: [Task("keep", 1_000), Task("gone", 1_000)]), default);
        await harness.DrainAsync();

        await harness.Ingestor.IngestAsync(Instance("drop", time: 2_000, tasks: [Task("keep", 2_000, FeishuTaskStatus.Approved)]), default);
        await harness.DrainAsync();

        Assert.Equal(["keep"], harness.Feishu.Held("drop")!.TaskList!.Select(t => t.TaskId));
        Assert.Equal(UpdateMode.Replace, harness.Feishu.Calls[^1].UpdateMode);
    }

    [Fact]
    public async Task Immutable_field_changed_by_an_update_is_sent_as_replace_when_the_snapshot_is_complete()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.Ingestor.IngestAsync(Instance("immutable", time: 1_000, tasks: [Task("t1", 1_000, userId: "alice")]), default);
        await harness.DrainAsync();

        await harness.Ingestor.IngestAsync(Instance("immutable", time: 2_000, mode: UpdateMode.Update, tasks: [Task("t1", 2_000, userId: "bob")]), default);
        await harness.DrainAsync();

        Assert.Equal(UpdateMode.Replace, harness.Feishu.Calls[^1].UpdateMode);
        Assert.Equal("bob", harness.Feishu.Held("immutable")!.TaskList![0].UserId);
    }

    [Fact]
    public async Task Immutable_field_changed_in_a_partial_snapshot_is_parked_with_a_clear_reason_and_not_resent()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.Ingestor.IngestAsync(Instance("partial", time: 1_000, mode: UpdateMode.Update, tasks: [Task("t1", 1_000, userId: "alice")]), default);
        await harness.DrainAsync();

        await harness.Ingestor.IngestAsync(Instance("partial", time: 2_000, mode: UpdateMode.Update, tasks: [Task("t1", 2_000, userId: "bob")]), default);
        var results = await harness.DrainAsync();

        Assert.Equal(SyncRunResult.Parked, Assert.Single(results).Result);
        Assert.Equal(1, harness.Feishu.CallsFor("partial"));
        var parked = (await harness.Store.LoadAsync("partial", default)).Synced!.Document.Parked!;
        Assert.Contains("partial", parked.Reason, StringComparison.Ordinal);
        Assert.Contains("REPLACE", parked.Reason, StringComparison.Ordinal);

        Assert.Equal(SyncRunResult.StillParked, await harness.Engine.SyncAsync(new SyncNudge("partial", 2), default));

        // The source sends the REPLACE the reason asks for: it goes out and the parking is cleared.
        await harness.Ingestor.IngestAsync(Instance("partial", time: 3_000, tasks: [Task("t1", 3_000, userId: "bob")]), default);
        await harness.DrainAsync();
        Assert.Equal(UpdateMode.Replace, harness.Feishu.Calls[^1].UpdateMode);
        Assert.Null((await harness.Store.LoadAsync("partial", default)).Synced!.Document.Parked);
        Assert.DoesNotContain(await ListParkedAsync(harness), i => i.InstanceId == "partial");
    }

    [Fact]
    public async Task Permanent_error_parks_that_instance_with_feishus_message_while_others_flow()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        using var parkedCounter = new MetricCollector<long>(harness.Get<IMeterFactory>(), ApprovalMetrics.MeterName, "approvalfunctions.sync.parked");
        using var syncedCounter = new MetricCollector<long>(harness.Get<IMeterFactory>(), ApprovalMetrics.MeterName, "approvalfunctions.sync.synced");
        harness.Feishu.FailNext("bad", new FeishuApiException(FeishuErrorKind.Permanent, FeishuErrorCodes.ParamInvalid, "param is invalid: task_list[0].links", "log-1390001", 400));
        foreach (var id in new[] { "good-1", "bad", "good-2" })
        {
            await harness.Ingestor.IngestAsync(Instance(id, tasks: [Task($"{id}-t", 1_000)]), default);
        }

        var results = await harness.DrainAsync();

        Assert.Equal(SyncRunResult.Parked, results.Single(r => r.Nudge.InstanceId == "bad").Result);
        Assert.All(results.Where(r => r.Nudge.InstanceId != "bad"), r => Assert.Equal(SyncRunResult.Synced, r.Result));
        Assert.NotNull(harness.Feishu.Held("good-1"));
        Assert.NotNull(harness.Feishu.Held("good-2"));
        Assert.Null(harness.Feishu.Held("bad"));

        var synced = (await harness.Store.LoadAsync("bad", default)).Synced!.Document;
        Assert.Equal((1390001, "param is invalid: task_list[0].links", "log-1390001"), (synced.Parked!.Code!.Value, synced.Parked.Message!, synced.Parked.LogId!));
        Assert.Equal(0, synced.SyncedDesiredVersion);
        Assert.Null(synced.LeaseOwner);
        var issue = Assert.Single(await ListParkedAsync(harness), i => i.InstanceId == "bad");
        Assert.Equal(1390001, issue.FeishuCode);
        Assert.Equal("log-1390001", issue.LogId);

        Assert.Equal(SyncRunResult.StillParked, await harness.Engine.SyncAsync(new SyncNudge("bad", 1), default));
        Assert.Equal(1, harness.Feishu.CallsFor("bad"));
        Assert.Equal("permanent", Assert.Single(parkedCounter.GetMeasurementSnapshot()).Tags["cause"]);
        Assert.Equal(2, syncedCounter.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_growing_delay_and_nothing_is_lost()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        harness.Feishu.FailNext("flaky",
            new FeishuApiException(FeishuErrorKind.Transient, FeishuErrorCodes.InternalError, "internal error", "log-a", 500),
            new FeishuApiException(FeishuErrorKind.Transient, FeishuErrorCodes.TryAgainLater, "try again later", "log-b", 400),
            new FeishuApiException(FeishuErrorKind.Transient, null, "timeout", null, null));
        await harness.Ingestor.IngestAsync(Instance("flaky", tasks: [Task("t1", 1_000)]), default);

        var results = await harness.DrainAsync(quietPeriod: TimeSpan.FromSeconds(1.5));

        Assert.Equal([SyncRunResult.RetryScheduled, SyncRunResult.RetryScheduled, SyncRunResult.RetryScheduled, SyncRunResult.Synced], results.Select(r => r.Result));
        Assert.Equal([0, 1, 2, 3], results.Select(r => r.Nudge.Attempt));
        var retryDelays = harness.Queue.Sent.Where(s => s.Nudge.Attempt > 0).Select(s => s.Delay).ToList();
        Assert.Equal(3, retryDelays.Count);
        Assert.True(retryDelays[0] < retryDelays[1] && retryDelays[1] < retryDelays[2], $"delays grow: {string.Join(", ", retryDelays)}");
        Assert.Equal(4, harness.Feishu.CallsFor("flaky"));
        await AssertFeishuEqualsDesiredAsync(harness, "flaky");
        var synced = (await harness.Store.LoadAsync("flaky", default)).Synced!.Document;
        Assert.Equal(0, synced.Attempts);
        Assert.Null(synced.LastError);

        // Each failed call may have landed; its exact retries prove the same and keep the source's time.
        Assert.All(harness.Feishu.Calls, call => Assert.Equal(1_000, call.UpdateTime));
        Assert.Equal((1_000L, 1_000L), (harness.Feishu.Held("flaky")!.UpdateTime, synced.TimeCeiling));
        Assert.Null(synced.UncertainCall);
    }

    [Fact]
    public async Task A_call_that_failed_is_remembered_before_it_goes_out_so_a_different_call_at_its_time_is_sent_above_it()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.Ingestor.IngestAsync(Instance("uncertain", time: 1_000, tasks: [Task("t1", 1_000)]), default);
        await harness.DrainAsync();
        harness.Feishu.FailNext("uncertain", new FeishuApiException(FeishuErrorKind.Transient, null, "timeout", null, null));
        await harness.Ingestor.IngestAsync(Instance("uncertain", time: 2_000, mode: UpdateMode.Update, ccs: [Cc("c1", 2_000)]), default);

        Assert.Equal(SyncRunResult.RetryScheduled, await harness.Engine.SyncAsync(new SyncNudge("uncertain", 2), default));
        var failed = (await harness.Store.LoadAsync("uncertain", default)).Synced!.Document;
        Assert.Equal((1_000L, 2_000L, 2_000L), (failed.FeishuInstanceTime, failed.TimeCeiling, failed.UncertainCall!.InstanceTime));

        // A CC read at an older time arrives before the retry: the failed call may hold 2000 in Feishu without it.
        await harness.Ingestor.IngestAsync(Instance("uncertain", time: 1_500, mode: UpdateMode.Update, ccs: [Cc("c1", 2_500, ReadStatus.Read)]), default);
        await harness.DrainAsync(quietPeriod: TimeSpan.FromSeconds(1));

        var sent = harness.Feishu.Calls[^1];
        Assert.Equal((2_001L, ReadStatus.Read), (sent.UpdateTime, sent.CcList!.Single().ReadStatus));
        Assert.Equal(2_001, (await harness.Store.LoadAsync("uncertain", default)).Synced!.Document.Ccs["c1"].ProofTime);
    }

    [Fact]
    public async Task Transient_failures_past_max_attempts_park_with_the_last_error()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite, new() { ["Sync:MaxAttempts"] = "2" });
        harness.Feishu.FailNext("hopeless",
            new FeishuApiException(FeishuErrorKind.Transient, FeishuErrorCodes.InternalError, "internal error", "log-1", 500),
            new FeishuApiException(FeishuErrorKind.Transient, FeishuErrorCodes.InternalError, "still failing", "log-2", 500));
        await harness.Ingestor.IngestAsync(Instance("hopeless"), default);

        var results = await harness.DrainAsync(quietPeriod: TimeSpan.FromSeconds(1));

        Assert.Equal([SyncRunResult.RetryScheduled, SyncRunResult.Parked], results.Select(r => r.Result));
        var parked = (await harness.Store.LoadAsync("hopeless", default)).Synced!.Document.Parked!;
        Assert.Equal(("still failing", "log-2"), (parked.Message!, parked.LogId!));
    }

    [Fact]
    public async Task Auth_failure_is_retried_later_and_the_instance_shows_as_lagging()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite, new() { ["Sync:AuthRetryDelay"] = "00:00:00.200" });
        harness.Feishu.FailNext("auth", new FeishuApiException(FeishuErrorKind.Auth, FeishuErrorCodes.WrongSecret, "app secret invalid", "log-auth", 400));
        await harness.Ingestor.IngestAsync(Instance("auth"), default);

        var first = await harness.Engine.SyncAsync(new SyncNudge("auth", 1), default);

        Assert.Equal(SyncRunResult.RetryScheduled, first);
        Assert.Contains(harness.Queue.Sent, s => s.Nudge.InstanceId == "auth" && s.Delay == TimeSpan.FromMilliseconds(200) && s.Nudge.Attempt == 0);
        var lagging = new List<SyncIssue>();
        await foreach (var issue in harness.Store.ListIssuesAsync(SyncIssueKind.Lagging, default))
        {
            lagging.Add(issue);
        }

        Assert.Contains(lagging, i => i.InstanceId == "auth" && i.Reason.Contains("10015", StringComparison.Ordinal));
        Assert.Equal(FeishuErrorCodes.WrongSecret, (await harness.Store.LoadAsync("auth", default)).Synced!.Document.LastError!.Code);

        await harness.DrainAsync(quietPeriod: TimeSpan.FromSeconds(1));
        Assert.NotNull(harness.Feishu.Held("auth"));
    }

    [Fact]
    public async Task A_live_lease_of_another_sync_sends_the_nudge_back_instead_of_calling()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.Ingestor.IngestAsync(Instance("leased"), default);
        await harness.Store.UpdateSyncedAsync("leased", s => s.SyncedOrEmpty with { LeaseOwner = "other-host", LeaseUntil = DateTimeOffset.UtcNow.AddMinutes(1) }, default);

        var result = await harness.Engine.SyncAsync(new SyncNudge("leased", 1), default);

        Assert.Equal(SyncRunResult.LeaseBusy, result);
        Assert.Equal(0, harness.Feishu.CallsFor("leased"));
        Assert.Contains(harness.Queue.Sent, s => s.Nudge == new SyncNudge("leased", 1) && s.Delay > TimeSpan.Zero);
    }

    [Fact]
    public async Task Repair_flag_from_the_reconciler_resends_even_when_the_version_was_synced()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.Ingestor.IngestAsync(Instance("repair", tasks: [Task("t1", 1_000), Task("t2", 1_000)]), default);
        await harness.DrainAsync();
        await harness.Store.UpdateSyncedAsync("repair", s => s.SyncedOrEmpty with { ResendAll = true }, default);

        var result = await harness.Engine.SyncAsync(new SyncNudge("repair", 1), default);

        Assert.Equal(SyncRunResult.Synced, result);
        var call = harness.Feishu.Calls[^1];
        Assert.Equal(UpdateMode.Update, call.UpdateMode);
        Assert.Equal(2, call.TaskList!.Count);
        Assert.Equal(1_001, call.UpdateTime);
        Assert.False((await harness.Store.LoadAsync("repair", default)).Synced!.Document.ResendAll);
    }

    private static async Task AssertFeishuEqualsDesiredAsync(PipelineHarness harness, string instanceId)
    {
        var desired = (await harness.Store.LoadAsync(instanceId, default)).Desired!.Document.Instance;
        var held = harness.Feishu.Held(instanceId) ?? throw new Xunit.Sdk.XunitException($"Feishu does not hold {instanceId}.");
        Assert.Equal(Canonical(desired with { UpdateTime = 0 }), Canonical(held with { UpdateTime = 0 }));
    }

    private static string Canonical(ExternalInstance instance) => JsonSerializer.Serialize(instance with
    {
        TaskList = instance.TaskList?.OrderBy(t => t.TaskId, StringComparer.Ordinal).ToList(),
        CcList = instance.CcList?.OrderBy(c => c.CcId, StringComparer.Ordinal).ToList(),
    }, CoreJsonContext.Default.ExternalInstance);

    private static async Task<List<SyncIssue>> ListParkedAsync(PipelineHarness harness)
    {
        var list = new List<SyncIssue>();
        await foreach (var issue in harness.Store.ListParkedAsync(default))
        {
            list.Add(issue);
        }

        return list;
    }
}
