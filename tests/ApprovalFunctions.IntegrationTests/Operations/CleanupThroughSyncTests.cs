using ApprovalFunctions.Core.Operations.Cleanup;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using FeishuEmulator.Protocol;

namespace ApprovalFunctions.IntegrationTests.Operations;

/// <summary>
/// A clean-up's wipe is one more desired state that the sync engine sends: under the instance's lease, with its retry and
/// park rules, and the run reads its outcome from the synced rows.
/// </summary>
public sealed class CleanupThroughSyncTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static readonly Dictionary<string, string?> FastRetries = new()
    {
        ["Sync:LeaseBusyDelay"] = "00:00:00.500",
        ["Sync:RetryBaseDelay"] = "00:00:00.200",
    };

    [Fact]
    public async Task A_wipe_waits_for_the_sync_that_holds_the_instance_lease_and_never_races_it()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite, settings: FastRetries);
        var (cleanup, id, _) = await SyncedInstanceAsync(harness, "lease");
        await harness.Store.UpdateSyncedAsync(id, state => state.SyncedOrEmpty with { LeaseOwner = "sync-on-another-host", LeaseUntil = DateTimeOffset.UtcNow.AddMinutes(1) }, CancellationToken.None);
        var plan = await PlanAsync(cleanup, id);
        var callsBefore = harness.Emulator.Stats.Snapshot().CallsTo(FeishuEndpointNames.Sync);

        await cleanup.ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);

        Assert.Equal([SyncRunResult.LeaseBusy], await harness.SyncVisibleNudgesOnceAsync());
        Assert.Equal(callsBefore, harness.Emulator.Stats.Snapshot().CallsTo(FeishuEndpointNames.Sync));
        Assert.Equal("PENDING", harness.Emulator.State.FindInstance(id)!.Status);
        Assert.Equal(("running", 1), (await StateAsync(cleanup, plan), (await cleanup.ProgressAsync(plan.RunId!, CancellationToken.None))!.Waiting));

        await harness.Store.UpdateSyncedAsync(id, state => state.SyncedOrEmpty with { LeaseOwner = null, LeaseUntil = null }, CancellationToken.None);
        await UntilFinishedAsync(harness, cleanup, plan);

        Assert.Equal("completed", await StateAsync(cleanup, plan));
        Assert.Equal(callsBefore + 1, harness.Emulator.Stats.Snapshot().CallsTo(FeishuEndpointNames.Sync));
        Assert.Equal(("APPROVED", 0), (harness.Emulator.State.FindInstance(id)!.Status, harness.Emulator.State.FindInstance(id)!.Tasks.Count));
    }

    [Fact]
    public async Task A_purge_Feishu_refuses_transiently_is_retried_by_the_sync_engine_and_ends_done()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite, settings: FastRetries);
        var (cleanup, id, _) = await SyncedInstanceAsync(harness, "transient");
        var plan = await PlanAsync(cleanup, id);
        harness.Emulator.Faults.InternalErrorRate = 1;

        await cleanup.ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);
        await harness.DrainSyncAsync();

        var synced = (await harness.Store.LoadAsync(id, CancellationToken.None)).Synced!.Document;
        Assert.True(synced.Attempts >= 1);
        Assert.Equal(2200, synced.LastError!.Code);
        Assert.Null(synced.Parked);
        Assert.Equal("running", await StateAsync(cleanup, plan));

        harness.Emulator.Faults.Clear();
        await UntilFinishedAsync(harness, cleanup, plan);

        var progress = (await cleanup.ProgressAsync(plan.RunId!, CancellationToken.None))!;
        Assert.Equal(("completed", 1, 0), (progress.State, progress.Done, progress.Failed));
        Assert.Equal("APPROVED", harness.Emulator.State.FindInstance(id)!.Status);
    }

    [Fact]
    public async Task A_purge_Feishu_refuses_for_good_is_parked_and_the_run_shows_it_failed()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite, settings: FastRetries);
        var (cleanup, id, _) = await SyncedInstanceAsync(harness, "permanent");
        var plan = await PlanAsync(cleanup, id);

        // The approval definition is unknown to Feishu from now on: every call for it is refused, retrying cannot help.
        harness.Emulator.Options.RequireKnownApprovalCode = true;
        await cleanup.ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);
        await harness.DrainSyncAsync();

        var progress = (await cleanup.ProgressAsync(plan.RunId!, CancellationToken.None))!;
        Assert.Equal(("completed_with_failures", 0, 1, 0), (progress.State, progress.Done, progress.Failed, progress.Waiting));
        var failure = Assert.Single(progress.Failures);
        Assert.Equal(id, failure.InstanceId);
        Assert.NotNull(failure.FeishuCode);
        Assert.Contains("approval not found", failure.Reason, StringComparison.Ordinal);
        var state = await harness.Store.LoadAsync(id, CancellationToken.None);
        Assert.Equal(state.Desired!.Document.DesiredVersion, state.Synced!.Document.Parked!.ParkedDesiredVersion);
        Assert.Equal("PENDING", harness.Emulator.State.FindInstance(id)!.Status);

        // Parked for good: another nudge sends nothing.
        Assert.Equal(SyncRunResult.StillParked, await harness.Get<IInstanceSyncEngine>().SyncAsync(new SyncNudge(id, 99), CancellationToken.None));
    }

    private static async Task<(CleanupService Cleanup, string InstanceId, string ApprovalCode)> SyncedInstanceAsync(OperationsHarness harness, string name)
    {
        var approvalCode = TestInstances.NewId(name);
        var id = $"{approvalCode}-1";
        await harness.Ingestor.IngestAsync(TestInstances.Instance(id, approvalCode, tasks: [TestInstances.Task($"{id}-t", "ou_approver")]), CancellationToken.None);
        await harness.DrainSyncAsync();
        Assert.Single(harness.Emulator.State.FindInstance(id)!.Tasks);
        return (harness.Get<CleanupService>(), id, approvalCode);
    }

    private static Task<CleanupPlanAnswer> PlanAsync(CleanupService cleanup, string instanceId) =>
        cleanup.PlanAsync(CleanupScope.TryCreate(new CleanupRequest { InstanceIds = [instanceId] }, out _)!, CancellationToken.None);

    private static async Task<string> StateAsync(CleanupService cleanup, CleanupPlanAnswer plan) =>
        (await cleanup.ProgressAsync(plan.RunId!, CancellationToken.None))!.State;

    /// <summary>Drains the sync queue (whose retries wait out their delay) until the run has no item waiting.</summary>
    private static async Task UntilFinishedAsync(OperationsHarness harness, CleanupService cleanup, CleanupPlanAnswer plan)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while ((await cleanup.ProgressAsync(plan.RunId!, CancellationToken.None))!.Waiting > 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Clean-up run {plan.RunId} still waits after {Patience}.");
            await Task.Delay(100);
            await harness.DrainSyncAsync();
        }

        Assert.Equal(0, await harness.VisibleMessagesAsync(StorageNames.SyncQueue));
    }
}
