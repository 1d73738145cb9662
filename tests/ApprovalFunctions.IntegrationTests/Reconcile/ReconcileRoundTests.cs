using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.Cleanup;
using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Tables;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using FeishuEmulator.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using System.Diagnostics.Metrics;

namespace ApprovalFunctions.IntegrationTests.Reconcile;

public sealed class ReconcileRoundTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan RoundInterval = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task One_round_repairs_every_instance_after_silent_drops()
    {
        await using var harness = await ReconcileHarness.StartAsync(azurite.ConnectionString);
        harness.Emulator.Faults.Set(new FaultSettingsValues { SilentDropRate = 0.1, Targets = FaultTargets.Sync, Seed = 7 });
        var ids = Enumerable.Range(1, 200).Select(n => $"drop-{n:D3}").ToList();
        var start = harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var id in ids)
        {
            await harness.IngestAsync(ReconcileHarness.NewInstance(id, start));
        }

        await harness.DrainSyncQueueAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(20));
        foreach (var id in ids)
        {
            // A task decided later, sent as UPDATE: a dropped one leaves Feishu with an older instance and task.
            var approved = ReconcileHarness.NewInstance(id, start + 20_000, mode: UpdateMode.Update);
            await harness.IngestAsync(approved with { TaskList = [approved.TaskList![0] with { Status = Feishu.Models.TaskStatus.Approved, EndTime = start + 20_000 }], CcList = null });
        }

        await harness.DrainSyncQueueAsync();
        var dropped = harness.Emulator.Stats.Snapshot().SilentlyDropped;
        var drift = await harness.DifferencesAsync(ids);
        Assert.True(dropped >= 20, $"Expected about 10 % of 400 sync calls dropped, got {dropped}.");
        Assert.NotEmpty(drift);

        harness.Emulator.Faults.Clear();
        harness.Clock.Advance(RoundInterval);
        var summary = await harness.Round.RunAsync(CancellationToken.None);
        await harness.DrainSyncQueueAsync();

        Assert.Equal(ReconcileOutcome.Completed, summary.Outcome);
        Assert.Equal(200, summary.InstancesChecked);
        Assert.Equal(4, summary.CheckCalls);
        Assert.True(summary.Resyncs > 0);
        Assert.True(summary.InstanceMissing > 0, "Some first syncs were dropped, so Feishu lacks those instances.");
        Assert.True(summary.InstanceStale + summary.TaskStale > 0, "Some UPDATEs were dropped, so Feishu holds older times.");
        Assert.Empty(await harness.DifferencesAsync(ids));
    }

    [Fact]
    public async Task Each_diff_kind_is_repaired_and_counted_under_its_kind()
    {
        await using var harness = await ReconcileHarness.StartAsync(azurite.ConnectionString);
        using var diffs = new MetricCollector<long>(harness.Services.GetRequiredService<IMeterFactory>(), ApprovalMetrics.MeterName, "approvalfunctions.reconcile.diffs");
        var time = harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var id in new[] { "task-missing", "task-stale", "instance-stale", "healthy" })
        {
            await harness.IngestAsync(ReconcileHarness.NewInstance(id, time));
        }

        await harness.DrainSyncQueueAsync();
        harness.Emulator.Faults.Set(new FaultSettingsValues { SilentDropRate = 1, Targets = FaultTargets.Sync });
        await harness.IngestAsync(ReconcileHarness.NewInstance("instance-missing", time));
        await harness.DrainSyncQueueAsync();
        harness.Emulator.Faults.Clear();

        // Make Feishu lose data behind our back, as a REPLACE from elsewhere would (REPLACE is not time-checked).
        var taskMissing = ReconcileHarness.NewInstance("task-missing", time);
        await harness.Feishu.SyncInstanceAsync(taskMissing with { TaskList = [taskMissing.TaskList![0]] }, CancellationToken.None);
        var taskStale = ReconcileHarness.NewInstance("task-stale", time);
        await harness.Feishu.SyncInstanceAsync(taskStale with { TaskList = [taskStale.TaskList![0] with { UpdateTime = time - 1_000 }, taskStale.TaskList[1]] }, CancellationToken.None);
        await harness.Feishu.SyncInstanceAsync(ReconcileHarness.NewInstance("instance-stale", time - 1_000) with { TaskList = ReconcileHarness.NewInstance("instance-stale", time).TaskList }, CancellationToken.None);
        foreach (var id in new[] { "task-missing", "task-stale", "instance-stale", "instance-missing" })
        {
            Assert.NotEmpty(await harness.DifferencesAsync([id]));
        }


        harness.Clock.Advance(RoundInterval);
        var summary = await harness.Round.RunAsync(CancellationToken.None);
        await harness.DrainSyncQueueAsync();

        Assert.Equal(ReconcileOutcome.Completed, summary.Outcome);
        Assert.Equal(5, summary.InstancesChecked);
        Assert.Equal((1, 1, 1, 1), (summary.InstanceMissing, summary.TaskMissing, summary.TaskStale, summary.InstanceStale));
        Assert.Equal(4, summary.Resyncs);
        Assert.Empty(await harness.DifferencesAsync(["task-missing", "task-stale", "instance-stale", "instance-missing", "healthy"]));
        Assert.Equal(SyncMode.Replace, (await harness.Store.LoadAsync("instance-missing", CancellationToken.None)).Synced!.Document.LastSyncMode);

        var counted = diffs.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["kind"]!, m => m.Value);
        Assert.Equal(new Dictionary<string, long> { ["instance_missing"] = 1, ["task_missing"] = 1, ["task_stale"] = 1, ["instance_stale"] = 1 }, counted);
        var line = Assert.Single(harness.Logs.GetSnapshot(), r => r.Message.StartsWith("Reconcile round finished", StringComparison.Ordinal));
        Assert.Equal("1", line.GetStructuredStateValue("TaskStale"));
        Assert.Equal("4", line.GetStructuredStateValue("Resyncs"));

        // The repairs are checked once more by the next round (Feishu may drop a repair too); this time all is current.
        harness.Clock.Advance(RoundInterval);
        var next = await harness.Round.RunAsync(CancellationToken.None);
        Assert.Equal(4, next.InstancesChecked);
        Assert.Equal(0, next.Resyncs);
    }

    [Fact]
    public async Task Failed_check_leaves_the_checkpoint_and_the_next_round_repairs()
    {
        await using var harness = await ReconcileHarness.StartAsync(azurite.ConnectionString);
        var time = harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await harness.IngestAsync(ReconcileHarness.NewInstance("kept", time));
        await harness.DrainSyncQueueAsync();
        harness.Clock.Advance(RoundInterval);
        var first = await harness.Round.RunAsync(CancellationToken.None);
        Assert.Equal(ReconcileOutcome.Completed, first.Outcome);
        Assert.Equal(first.RoundStart, await harness.Checkpoints.GetCheckpointAsync(CancellationToken.None));

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        harness.Emulator.Faults.Set(new FaultSettingsValues { SilentDropRate = 1, Targets = FaultTargets.Sync });
        await harness.IngestAsync(ReconcileHarness.NewInstance("lost", harness.Clock.GetUtcNow().ToUnixTimeMilliseconds()));
        await harness.DrainSyncQueueAsync();
        harness.Emulator.Faults.Set(new FaultSettingsValues { ServerErrorRate = 1, Targets = FaultTargets.Check });

        harness.Clock.Advance(RoundInterval);
        var failed = await harness.Round.RunAsync(CancellationToken.None);
        Assert.Equal(ReconcileOutcome.Failed, failed.Outcome);
        Assert.Equal(first.RoundStart, await harness.Checkpoints.GetCheckpointAsync(CancellationToken.None));
        Assert.NotEmpty(await harness.DifferencesAsync(["lost"]));

        harness.Emulator.Faults.Clear();
        harness.Clock.Advance(RoundInterval);
        var retried = await harness.Round.RunAsync(CancellationToken.None);
        await harness.DrainSyncQueueAsync();

        Assert.Equal(ReconcileOutcome.Completed, retried.Outcome);
        Assert.Equal(1, retried.InstanceMissing);
        Assert.Equal(retried.RoundStart, await harness.Checkpoints.GetCheckpointAsync(CancellationToken.None));
        Assert.Empty(await harness.DifferencesAsync(["kept", "lost"]));
    }

    [Fact]
    public async Task A_round_with_nothing_changed_makes_no_check_call()
    {
        await using var harness = await ReconcileHarness.StartAsync(azurite.ConnectionString);
        await harness.IngestAsync(ReconcileHarness.NewInstance("quiet", harness.Clock.GetUtcNow().ToUnixTimeMilliseconds()));
        await harness.DrainSyncQueueAsync();
        harness.Clock.Advance(RoundInterval);
        var first = await harness.Round.RunAsync(CancellationToken.None);
        Assert.Equal(1, first.CheckCalls);
        var callsAfterFirst = harness.CheckCalls;

        harness.Clock.Advance(RoundInterval);
        Assert.NotEqual(SweepShards.ShardOf("quiet", 288), SweepSchedule.ShardFor(harness.Clock.GetUtcNow(), TimeSpan.FromDays(1), 288));
        var quiet = await harness.Round.RunAsync(CancellationToken.None);

        Assert.Equal(ReconcileOutcome.Completed, quiet.Outcome);
        Assert.Equal(0, quiet.Candidates);
        Assert.Equal(0, quiet.CheckCalls);
        Assert.Equal(callsAfterFirst, harness.CheckCalls);
        Assert.Equal(quiet.RoundStart, await harness.Checkpoints.GetCheckpointAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Changes_just_before_and_just_after_the_checkpoint_are_both_covered()
    {
        await using var harness = await ReconcileHarness.StartAsync(azurite.ConnectionString);
        long Now() => harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();

        // 12:00:30 "early" changes; 12:05:00 "before" changes (30 s before the 12:05:30 checkpoint); round 1 checks both clean.
        await harness.IngestAsync(ReconcileHarness.NewInstance("early", Now()));
        harness.Clock.Advance(TimeSpan.FromSeconds(270));
        await harness.IngestAsync(ReconcileHarness.NewInstance("before", Now()));
        await harness.DrainSyncQueueAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        var first = await harness.Round.RunAsync(CancellationToken.None);
        Assert.Equal((2, 0), (first.InstancesChecked, first.Resyncs));

        // 12:06:00 "after" changes (30 s after the checkpoint); then Feishu drifts on all three.
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        await harness.IngestAsync(ReconcileHarness.NewInstance("after", Now()));
        await harness.DrainSyncQueueAsync();
        foreach (var id in new[] { "early", "before", "after" })
        {
            var desired = (await harness.Store.LoadAsync(id, CancellationToken.None)).Desired!.Document.Instance;
            await harness.Feishu.SyncInstanceAsync(desired with { UpdateTime = desired.UpdateTime - 1, UpdateMode = UpdateMode.Replace }, CancellationToken.None);
        }

        harness.Clock.Advance(TimeSpan.FromSeconds(270));
        Assert.NotEqual(SweepShards.ShardOf("early", 288), SweepSchedule.ShardFor(harness.Clock.GetUtcNow(), TimeSpan.FromDays(1), 288));
        var second = await harness.Round.RunAsync(CancellationToken.None);
        await harness.DrainSyncQueueAsync();

        // The window is checkpoint − 1 min .. now: "before" (inside the overlap) and "after" are covered; "early" is the sweep's.
        Assert.Equal(2, second.InstancesChecked);
        Assert.Equal(2, second.InstanceStale);
        Assert.Empty(await harness.DifferencesAsync(["before", "after"]));
        var early = Assert.Single(await harness.DifferencesAsync(["early"]));
        Assert.Contains("instance time", early, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_overlapping_rounds_do_no_harm()
    {
        await using var harness = await ReconcileHarness.StartAsync(azurite.ConnectionString);
        using var rounds = new MetricCollector<long>(harness.Services.GetRequiredService<IMeterFactory>(), ApprovalMetrics.MeterName, "approvalfunctions.reconcile.rounds");
        var time = harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var ids = Enumerable.Range(1, 5).Select(n => $"overlap-{n}").ToList();
        foreach (var id in ids)
        {
            await harness.IngestAsync(ReconcileHarness.NewInstance(id, time));
        }

        await harness.DrainSyncQueueAsync();
        foreach (var id in ids.Take(2))
        {
            await harness.Feishu.SyncInstanceAsync(ReconcileHarness.NewInstance(id, time - 1), CancellationToken.None);
        }

        harness.Clock.Advance(RoundInterval);
        harness.Emulator.Faults.LatencyMs = 300;
        var both = await Task.WhenAll(harness.Round.RunAsync(CancellationToken.None), harness.Round.RunAsync(CancellationToken.None));
        harness.Emulator.Faults.Clear();
        await harness.DrainSyncQueueAsync();

        Assert.Single(both, s => s.Outcome == ReconcileOutcome.Completed);
        Assert.Single(both, s => s.Outcome == ReconcileOutcome.Skipped);
        Assert.Equal(2, both.Sum(s => s.Resyncs));
        Assert.Equal(1, harness.CheckCalls);
        Assert.Equal(2, rounds.GetMeasurementSnapshot().Count);
        Assert.Empty(await harness.DifferencesAsync(ids));

        // The lease was released: the next round runs.
        harness.Clock.Advance(RoundInterval);
        Assert.Equal(ReconcileOutcome.Completed, (await harness.Round.RunAsync(CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_parked_instance_is_not_resent_until_it_changes_again()
    {
        await using var harness = await ReconcileHarness.StartAsync(azurite.ConnectionString);
        var time = harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();

        // Only UPDATE bodies: a partial snapshot. Feishu drops the first sync, so the instance is lost there.
        harness.Emulator.Faults.Set(new FaultSettingsValues { SilentDropRate = 1, Targets = FaultTargets.Sync });
        await harness.IngestAsync(ReconcileHarness.NewInstance("partial", time, mode: UpdateMode.Update));
        await harness.DrainSyncQueueAsync();
        harness.Emulator.Faults.Clear();

        harness.Clock.Advance(RoundInterval);
        var found = await harness.Round.RunAsync(CancellationToken.None);
        await harness.DrainSyncQueueAsync();
        Assert.Equal(1, found.InstanceMissing);
        var parked = (await harness.Store.LoadAsync("partial", CancellationToken.None)).Synced!.Document.Parked;
        Assert.NotNull(parked);
        Assert.Contains("REPLACE", parked.Reason, StringComparison.Ordinal);

        var syncCalls = harness.SyncCalls;
        var checkCalls = harness.CheckCalls;
        for (var round = 0; round < 3; round++)
        {
            harness.Clock.Advance(RoundInterval);
            var summary = await harness.Round.RunAsync(CancellationToken.None);
            Assert.Equal(0, summary.LaggingRenudged);
            Assert.Equal(0, summary.Resyncs);
            Assert.Equal(0, await harness.QueuedNudgesAsync());
        }

        Assert.Equal(syncCalls, harness.SyncCalls);
        Assert.Equal(checkCalls, harness.CheckCalls);

        // The source sends the full instance: the park ends, Feishu gets a REPLACE.
        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        await harness.IngestAsync(ReconcileHarness.NewInstance("partial", harness.Clock.GetUtcNow().ToUnixTimeMilliseconds()));
        await harness.DrainSyncQueueAsync();
        Assert.Empty(await harness.DifferencesAsync(["partial"]));
        Assert.Null((await harness.Store.LoadAsync("partial", CancellationToken.None)).Synced!.Document.Parked);
    }

    [Fact]
    public async Task A_lost_nudge_is_renudged_after_the_grace_and_its_lagging_row_cleared_once_synced()
    {
        await using var harness = await ReconcileHarness.StartAsync(azurite.ConnectionString);
        await harness.IngestAsync(ReconcileHarness.NewInstance("nudge-lost", harness.Clock.GetUtcNow().ToUnixTimeMilliseconds()));
        var queue = harness.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.SyncQueue);
        await queue.ClearMessagesAsync();

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        var young = await harness.Round.RunAsync(CancellationToken.None);
        Assert.Equal((1, 0, 0), (young.InFlight, young.LaggingRenudged, young.CheckCalls));

        harness.Clock.Advance(RoundInterval);
        var lagging = await harness.Round.RunAsync(CancellationToken.None);
        Assert.Equal(1, lagging.LaggingRenudged);
        Assert.Single(await harness.Store.ListIssuesAsync(SyncIssueKind.Lagging, CancellationToken.None).ToListAsync());
        Assert.Equal(1, await harness.DrainSyncQueueAsync());

        harness.Clock.Advance(RoundInterval);
        var caughtUp = await harness.Round.RunAsync(CancellationToken.None);
        Assert.Equal((1, 0), (caughtUp.InstancesChecked, caughtUp.Resyncs));
        Assert.Empty(await harness.Store.ListIssuesAsync(SyncIssueKind.Lagging, CancellationToken.None).ToListAsync());
        Assert.Empty(await harness.DifferencesAsync(["nudge-lost"]));
    }

    [Fact]
    public async Task A_confirmed_purge_whose_nudge_is_lost_is_renudged_after_the_grace_and_lands()
    {
        await using var harness = await ReconcileHarness.StartAsync(azurite.ConnectionString);
        const string id = "purge-nudge-lost";
        await harness.IngestAsync(ReconcileHarness.NewInstance(id, harness.Clock.GetUtcNow().ToUnixTimeMilliseconds()));
        await harness.DrainSyncQueueAsync();

        // A round moves the checkpoint past the ingest, so its changeindex row is outside every later window.
        harness.Clock.Advance(RoundInterval);
        Assert.Equal(1, (await harness.Round.RunAsync(CancellationToken.None)).InstancesChecked);
        harness.Clock.Advance(RoundInterval);

        var cleanup = harness.Services.GetRequiredService<CleanupService>();
        var plan = await cleanup.PlanAsync(CleanupScope.TryCreate(new CleanupRequest { InstanceIds = [id] }, out _)!, CancellationToken.None);
        var confirmed = await cleanup.ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);
        Assert.Equal(OperatorStatus.Accepted, confirmed.Status);
        await harness.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.SyncQueue).ClearMessagesAsync();
        Assert.Equal("PENDING", harness.Emulator.State.FindInstance(id)!.Status);

        harness.Clock.Advance(RoundInterval);
        var round = await harness.Round.RunAsync(CancellationToken.None);

        Assert.Equal(1, round.LaggingRenudged);
        Assert.Equal(1, await harness.DrainSyncQueueAsync());
        var held = harness.Emulator.State.FindInstance(id)!;
        Assert.Equal(("APPROVED", 0), (held.Status, held.Tasks.Count));
        var desired = (await harness.Store.LoadAsync(id, CancellationToken.None)).Desired!.Document;
        Assert.Equal((true, plan.RunId), (desired.Purged, desired.PurgeRunId));
        var progress = (await cleanup.ProgressAsync(plan.RunId!, CancellationToken.None))!;
        Assert.Equal(("completed", 1), (progress.State, progress.Done));
    }

    [Fact]
    public async Task The_sweep_checks_its_shard_and_drops_rows_final_beyond_retention()
    {
        await using var harness = await ReconcileHarness.StartAsync(azurite.ConnectionString, new Dictionary<string, string?> { ["Sweep:ShardCount"] = "1" });
        var time = harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await harness.IngestAsync(ReconcileHarness.NewInstance("open", time));
        await harness.IngestAsync(ReconcileHarness.NewInstance("closed", time, status: InstanceStatus.Approved));
        await harness.DrainSyncQueueAsync();
        await harness.Feishu.SyncInstanceAsync(ReconcileHarness.NewInstance("open", time - 1) with { TaskList = ReconcileHarness.NewInstance("open", time).TaskList }, CancellationToken.None);

        // Eight days later both are outside every window; the single shard holds them.
        harness.Clock.Advance(TimeSpan.FromDays(8));
        var summary = await harness.Round.RunAsync(CancellationToken.None);
        await harness.DrainSyncQueueAsync();

        Assert.Equal(1, summary.SweepRowsDeleted);
        Assert.Equal((1, 1), (summary.InstancesChecked, summary.InstanceStale));
        Assert.Empty(await harness.DifferencesAsync(["open"]));
        var sweep = harness.Services.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.SweepIndexTable);
        var rows = await sweep.QueryAsync<TableEntity>().ToListAsync();
        Assert.Equal(["open"], rows.Select(r => r.GetString("InstanceId")));
    }
}
