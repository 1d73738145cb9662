using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.Operations.Cleanup;
using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using FeishuEmulator.Protocol;

namespace ApprovalFunctions.IntegrationTests.Operations;

public sealed class CleanupTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int InstanceCount = 500;

    [Fact]
    public async Task Cleanup_of_500_instances_wipes_each_once_after_a_dry_run_that_changed_nothing()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite);
        var approvalCode = TestInstances.NewId("cleanup");
        var ids = Enumerable.Range(0, InstanceCount).Select(i => $"{approvalCode}-inst-{i:D3}").ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, token) =>
        {
            var instance = TestInstances.Instance(id, approvalCode,
                tasks: [TestInstances.Task($"{id}-t1", "ou_approver_1"), TestInstances.Task($"{id}-t2", "ou_approver_2")],
                ccs: [TestInstances.Cc($"{id}-c1", "ou_watcher")]);
            Assert.Equal(IngestOutcomeKind.Queued, (await harness.Ingestor.IngestAsync(instance, token)).Kind);
        });
        await harness.DrainSyncAsync();
        Assert.All(ids, id => Assert.Equal(2, harness.Emulator.State.FindInstance(id)!.Tasks.Count));

        var cleanup = harness.Get<CleanupService>();
        var scope = CleanupScope.TryCreate(new CleanupRequest { ApprovalCode = approvalCode }, out var scopeError);
        Assert.Null(scopeError);
        var plan = await cleanup.PlanAsync(scope!, CancellationToken.None);

        Assert.Equal(InstanceCount, plan.Count);
        Assert.NotNull(plan.ConfirmationToken);
        Assert.Equal(0, await harness.VisibleMessagesAsync(StorageNames.SyncQueue));
        foreach (var id in ids)
        {
            var held = harness.Emulator.State.FindInstance(id)!;
            Assert.Equal("PENDING", held.Status);
            Assert.Equal("ou_initiator", held.OpenId);
            Assert.False((await harness.Store.LoadAsync(id, CancellationToken.None)).Desired!.Document.Purged);
        }

        var confirmed = await cleanup.ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);
        Assert.Equal(OperatorStatus.Accepted, confirmed.Status);
        Assert.Equal(("running", InstanceCount), (confirmed.Body!.State, confirmed.Body.Waiting));
        await harness.DrainSyncAsync();

        var progress = await cleanup.ProgressAsync(plan.RunId!, CancellationToken.None);
        Assert.Equal("completed", progress!.State);
        Assert.Equal((InstanceCount, InstanceCount, 0, 0), (progress.Planned, progress.Done, progress.Failed, progress.Waiting));
        foreach (var id in ids)
        {
            var held = harness.Emulator.State.FindInstance(id)!;
            Assert.Equal("APPROVED", held.Status);
            Assert.Null(held.UserId);
            Assert.Null(held.OpenId);
            Assert.Empty(held.Tasks);
            Assert.Empty(held.Ccs);
            var desired = (await harness.Store.LoadAsync(id, CancellationToken.None)).Desired!.Document;
            Assert.True(desired.Purged);
            Assert.Equal(plan.RunId, desired.PurgeRunId);
        }

        // One sync engine sent every wipe: one REPLACE per instance.
        var syncCalls = harness.Emulator.Stats.Snapshot().CallsTo(FeishuEndpointNames.Sync);
        Assert.Equal(2 * InstanceCount, syncCalls);

        // A replayed confirmation answers the progress, nudges nothing and calls Feishu no more.
        var replayed = await cleanup.ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);
        Assert.Equal(OperatorStatus.Ok, replayed.Status);
        Assert.Equal("completed", replayed.Body!.State);
        Assert.Equal(0, await harness.VisibleMessagesAsync(StorageNames.SyncQueue));
        await harness.DrainSyncAsync();
        Assert.Equal(syncCalls, harness.Emulator.Stats.Snapshot().CallsTo(FeishuEndpointNames.Sync));

        // A late change of a purged instance is refused, and Feishu keeps the wiped instance.
        var late = TestInstances.Instance(ids[0], approvalCode, TestInstances.BaseTime + 10_000, tasks: [TestInstances.Task($"{ids[0]}-t1", "ou_approver_1", TestInstances.BaseTime + 10_000)]);
        var outcome = await harness.Ingestor.IngestAsync(late, CancellationToken.None);
        Assert.Equal(IngestOutcomeKind.Conflict, outcome.Kind);
        Assert.Contains("purged", outcome.Message, StringComparison.OrdinalIgnoreCase);
        await harness.DrainSyncAsync();
        Assert.Empty(harness.Emulator.State.FindInstance(ids[0])!.Tasks);

        // What the reconciler relies on: a purged instance is never synced again, whatever nudges it.
        var rerun = await harness.Get<IInstanceSyncEngine>().SyncAsync(new SyncNudge(ids[1], long.MaxValue), CancellationToken.None);
        Assert.Equal(SyncRunResult.Purged, rerun);
        Assert.Equal(syncCalls, harness.Emulator.Stats.Snapshot().CallsTo(FeishuEndpointNames.Sync));
    }

    [Fact]
    public async Task A_confirmation_is_refused_when_the_scope_grew_after_the_dry_run()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite);
        var approvalCode = TestInstances.NewId("grow");
        await harness.Ingestor.IngestAsync(TestInstances.Instance($"{approvalCode}-a", approvalCode), CancellationToken.None);
        var cleanup = harness.Get<CleanupService>();
        var plan = await cleanup.PlanAsync(CleanupScope.TryCreate(new CleanupRequest { ApprovalCode = approvalCode }, out _)!, CancellationToken.None);
        await harness.Ingestor.IngestAsync(TestInstances.Instance($"{approvalCode}-b", approvalCode), CancellationToken.None);
        var ingestNudges = await harness.VisibleMessagesAsync(StorageNames.SyncQueue);

        var confirmed = await cleanup.ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);

        Assert.Equal(OperatorStatus.Conflict, confirmed.Status);
        Assert.Contains("now covers 2 instances, not the 1 planned", confirmed.Error!.Error, StringComparison.Ordinal);
        Assert.Equal(ingestNudges, await harness.VisibleMessagesAsync(StorageNames.SyncQueue));
        Assert.False((await harness.Store.LoadAsync($"{approvalCode}-a", CancellationToken.None)).Desired!.Document.Purged);
    }

    [Fact]
    public async Task Discovered_users_add_the_instances_Feishu_lists_for_them_even_when_we_do_not_know_them()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite);
        var approvalCode = TestInstances.NewId("discover");
        var user = TestInstances.NewId("ou_user");
        var ours = $"{approvalCode}-ours";
        await harness.Ingestor.IngestAsync(TestInstances.Instance(ours, approvalCode, tasks: [TestInstances.Task($"{ours}-t", user)]), CancellationToken.None);
        await harness.DrainSyncAsync();
        var foreign = TestInstances.Instance($"{approvalCode}-foreign", approvalCode, ccs: [TestInstances.Cc($"{approvalCode}-foreign-c", user)]);
        await harness.Feishu.SyncInstanceAsync(foreign, CancellationToken.None);

        var cleanup = harness.Get<CleanupService>();
        var plan = await cleanup.PlanAsync(CleanupScope.TryCreate(new CleanupRequest { DiscoverUsers = [new DiscoverUser(user, "open_id")] }, out _)!, CancellationToken.None);
        Assert.Equal(2, plan.Count);
        Assert.Equal(1, plan.FoundOnlyInFeishu);

        await cleanup.ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);
        await harness.DrainSyncAsync();

        Assert.Equal("completed", (await cleanup.ProgressAsync(plan.RunId!, CancellationToken.None))!.State);
        foreach (var id in new[] { ours, foreign.InstanceId })
        {
            var held = harness.Emulator.State.FindInstance(id)!;
            Assert.Equal(("APPROVED", 0, 0), (held.Status, held.Tasks.Count, held.Ccs.Count));
            Assert.Null(held.OpenId);
        }
    }
}
