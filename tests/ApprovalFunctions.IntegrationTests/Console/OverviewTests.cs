using ApprovalFunctions.Core.Operations.Overview;
using ApprovalFunctions.Core.Operations.Parked;
using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using ApprovalFunctions.IntegrationTests.Operations;
using Azure.Data.Tables;

namespace ApprovalFunctions.IntegrationTests.Console;

public sealed class OverviewTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Minute = new(2026, 11, 25, 12, 7, 0, TimeSpan.Zero);

    [Fact]
    public async Task Overview_groups_parked_instances_lists_rounds_and_counts_Feishu_calls_and_queues()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite);

        // The host creates it at start (a hosted service); it counts from then on.
        var flusher = harness.Get<FeishuMinuteFlusher>();
        var refused = Enumerable.Range(0, 3).Select(i => TestInstances.NewId("overview-refused")).ToList();
        foreach (var id in refused)
        {
            var task = TestInstances.Task($"{id}-t", "ou_approver") with { OpenId = null };
            await harness.Ingestor.IngestAsync(TestInstances.Instance(id, "APPROVAL-OVERVIEW", tasks: [task]), CancellationToken.None);
        }

        await harness.Ingestor.IngestAsync(TestInstances.Instance(TestInstances.NewId("overview-synced"), "APPROVAL-OVERVIEW"), CancellationToken.None);
        await harness.DrainSyncAsync();
        await harness.Get<IReconcileRound>().RunAsync(CancellationToken.None);
        await flusher.FlushAsync(CancellationToken.None);
        await harness.Ingestor.IngestAsync(TestInstances.Instance(TestInstances.NewId("overview-waiting"), "APPROVAL-OVERVIEW"), CancellationToken.None);

        var overview = await harness.Get<OperatorOverview>().ReadAsync(CancellationToken.None);

        var group = Assert.Single(overview.Parked.Groups, g => g.FeishuCode == 1_390_001);
        Assert.True(group.Count >= 3, $"{group.Count} in the group");
        Assert.Contains(overview.Parked.Instances, p => p.InstanceId == refused[0] && p.LogId is not null);
        var round = overview.Rounds[0];
        Assert.Equal("completed", round.Outcome);
        Assert.True(round.CheckCalls >= 1, $"{round.CheckCalls} check calls");
        var traffic = overview.FeishuMinutes.Sum(m => m.Calls);
        Assert.True(traffic >= 4, $"{traffic} calls counted");
        Assert.True(overview.FeishuMinutes.Sum(m => m.Failures) >= 3, $"{overview.FeishuMinutes.Sum(m => m.Failures)} failures counted");
        Assert.Equal(1, overview.Queues.SyncQueued);
        Assert.NotNull(overview.Queues.OldestSyncAgeSeconds);
        Assert.Equal(0, overview.Queues.SyncPoison);
    }

    [Fact]
    public async Task Replay_dry_run_counts_and_changes_nothing()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite);
        var id = TestInstances.NewId("dry-run");
        var task = TestInstances.Task($"{id}-t", "ou_approver") with { OpenId = null };
        await harness.Ingestor.IngestAsync(TestInstances.Instance(id, "APPROVAL-OVERVIEW", tasks: [task]), CancellationToken.None);
        await harness.DrainSyncAsync();

        var plan = await harness.Get<ParkedInstances>().DryRunAsync([id, "never-sent"], 50, CancellationToken.None);

        Assert.Equal(1, plan.WouldReplay);
        Assert.Equal([id], plan.InstanceIds);
        Assert.Equal("unknown instance", Assert.Single(plan.Skipped).Reason);
        Assert.NotNull((await harness.Store.LoadAsync(id, CancellationToken.None)).Synced!.Document.Parked);
        Assert.Equal(0, await harness.VisibleMessagesAsync(Core.Storage.StorageNames.SyncQueue));
    }

    [Fact]
    public async Task Per_minute_counts_add_up_over_hosts_and_a_slot_is_reused_an_hour_later()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite);
        var store = harness.Get<FeishuMinuteStore>();
        var table = new TableClient(azurite.ConnectionString, Core.Storage.StorageNames.OperationsTable);
        await table.DeleteEntityAsync(Core.Storage.Tables.OperationsTable.FeishuMinutesPartition, Core.Storage.Tables.OperationsTable.FeishuMinuteRowKey(Minute));

        await store.AddAsync(new FeishuMinuteCounts(Minute, 10, 1, 2), CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.AddAsync(new FeishuMinuteCounts(Minute, 5, 0, 1), CancellationToken.None)));
        var first = Assert.Single(await store.ListAsync(Minute, CancellationToken.None), m => m.Minute == Minute);
        Assert.Equal((30L, 1L, 6L), (first.Calls, first.RateLimited, first.Failures));

        var nextHour = Minute.AddHours(1);
        await store.AddAsync(new FeishuMinuteCounts(nextHour, 7, 0, 0), CancellationToken.None);
        await store.AddAsync(new FeishuMinuteCounts(Minute, 100, 0, 0), CancellationToken.None);

        var listed = await store.ListAsync(Minute, CancellationToken.None);
        Assert.DoesNotContain(listed, m => m.Minute == Minute);
        Assert.Equal(7L, Assert.Single(listed, m => m.Minute == nextHour).Calls);
    }
}
