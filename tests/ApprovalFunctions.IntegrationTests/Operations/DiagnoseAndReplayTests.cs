using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.Diagnose;
using ApprovalFunctions.Core.Operations.Parked;
using ApprovalFunctions.Core.Operations.Resync;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using FeishuEmulator.Configuration;

namespace ApprovalFunctions.IntegrationTests.Operations;

public sealed class DiagnoseAndReplayTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Diagnose_shows_the_parked_reason_with_Feishus_code_message_and_log_id()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite);
        var id = TestInstances.NewId("refused");

        // A task without any assignee passes no Feishu check (1390001). Ingested past the HTTP validation on purpose,
        // as a rule only Feishu knows would slip through it.
        var task = TestInstances.Task($"{id}-t", "ou_approver") with { OpenId = null };
        await harness.Ingestor.IngestAsync(TestInstances.Instance(id, "APPROVAL-REFUSED", tasks: [task]), CancellationToken.None);
        await harness.DrainSyncAsync();

        var diagnosis = await harness.Get<InstanceDiagnostics>().DiagnoseAsync(id, fullSnapshot: true, CancellationToken.None);

        var parked = diagnosis!.Synced!.Parked!;
        Assert.Equal(1_390_001, parked.Code);
        Assert.False(string.IsNullOrEmpty(parked.Message));
        Assert.False(string.IsNullOrEmpty(parked.LogId));
        Assert.Contains("1390001", parked.Reason, StringComparison.Ordinal);
        Assert.Equal(1_390_001, diagnosis.Synced.LastError!.Code);
        Assert.True(diagnosis.Lagging);
        Assert.Equal(VerdictKinds.InstanceUnknown, diagnosis.Verdict.Kind);
        Assert.Equal(id, diagnosis.Snapshot!.InstanceId);
        Assert.Equal([$"{id}-t"], diagnosis.Desired.Tasks.Select(t => t.Id));

        var listed = await harness.Get<ParkedInstances>().ListAsync(new ParkedFilter("APPROVAL-REFUSED", 1_390_001), CancellationToken.None);
        var entry = Assert.Single(listed, e => e.InstanceId == id);
        Assert.Equal(parked.LogId, entry.LogId);
        Assert.Empty(await harness.Get<ParkedInstances>().ListAsync(new ParkedFilter("APPROVAL-REFUSED", 99), CancellationToken.None));
    }

    [Fact]
    public async Task Replay_after_the_cause_is_removed_syncs_the_parked_instance()
    {
        var options = OperationsHarness.FastEmulator();
        options.RequireKnownApprovalCode = true;
        await using var harness = await OperationsHarness.StartAsync(azurite, options);
        var approvalCode = TestInstances.NewId("APPROVAL-LATE");
        var id = TestInstances.NewId("parked");
        await harness.Ingestor.IngestAsync(TestInstances.Instance(id, approvalCode, tasks: [TestInstances.Task($"{id}-t", "ou_approver")]), CancellationToken.None);
        await harness.DrainSyncAsync();
        var refusedCode = (await harness.Get<InstanceDiagnostics>().DiagnoseAsync(id, false, CancellationToken.None))!.Synced!.Parked!.Code;
        Assert.NotNull(refusedCode);
        Assert.Null(harness.Emulator.State.FindInstance(id));

        // The cause: the approval definition did not exist in Feishu. The operator creates it, then replays.
        await harness.Feishu.CreateExternalApprovalAsync(new ExternalApprovalDefinition
        {
            ApprovalName = "@i18n@name",
            ApprovalCode = approvalCode,
            GroupCode = "ops-tests",
            External = new ExternalApprovalSettings { SupportPc = true, SupportMobile = true },
            I18nResources = [new I18nResource { Locale = "en-US", IsDefault = true, Texts = [new I18nText { Key = "@i18n@name", Value = "Late approval" }] }],
        }, CancellationToken.None);
        var parked = await harness.Get<ParkedInstances>().ListAsync(new ParkedFilter(approvalCode, refusedCode), CancellationToken.None);
        var replayedAt = DateTimeOffset.UtcNow;
        var result = await harness.Get<ParkedInstances>().ReplayAsync([.. parked.Select(p => p.InstanceId), "never-sent"], CancellationToken.None);
        Assert.True(await RecordedSinceAsync(harness, id, replayedAt), "The replay is not in the change index: no reconcile round would check it.");
        Assert.Equal([id], result.ReplayedInstanceIds);
        Assert.Equal("unknown instance", Assert.Single(result.Skipped).Reason);
        await harness.DrainSyncAsync();

        var diagnosis = await harness.Get<InstanceDiagnostics>().DiagnoseAsync(id, false, CancellationToken.None);
        Assert.Null(diagnosis!.Synced!.Parked);
        Assert.False(diagnosis.Lagging);
        Assert.Equal(VerdictKinds.InSync, diagnosis.Verdict.Kind);
        Assert.Single(harness.Emulator.State.FindInstance(id)!.Tasks);
        Assert.Empty(await harness.Get<ParkedInstances>().ListAsync(new ParkedFilter(approvalCode, null), CancellationToken.None));
    }

    [Fact]
    public async Task Diagnose_answers_with_an_unknown_verdict_when_Feishu_cannot_be_reached()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite);
        var id = TestInstances.NewId("unreachable");
        await harness.Ingestor.IngestAsync(TestInstances.Instance(id, "APPROVAL-UNREACHABLE"), CancellationToken.None);
        await harness.DrainSyncAsync();
        harness.Emulator.Faults.Targets = FaultTargets.Check;
        harness.Emulator.Faults.ServerErrorRate = 1.0;

        var diagnosis = await harness.Get<InstanceDiagnostics>().DiagnoseAsync(id, false, CancellationToken.None);

        Assert.Equal(VerdictKinds.Unknown, diagnosis!.Verdict.Kind);
        Assert.Contains("could not be asked", diagnosis.Verdict.Summary, StringComparison.Ordinal);
        Assert.Equal(SyncMode.Replace, diagnosis.Synced!.LastSyncMode);
        Assert.Equal(1, diagnosis.Desired.DesiredVersion);
    }

    [Fact]
    public async Task Diagnose_of_an_unknown_instance_is_null()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite);

        Assert.Null(await harness.Get<InstanceDiagnostics>().DiagnoseAsync(TestInstances.NewId("nobody"), false, CancellationToken.None));
    }

    [Fact]
    public async Task Forced_resync_replaces_an_instance_Feishu_lost_and_refuses_a_partial_snapshot()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite);
        var complete = TestInstances.NewId("complete");
        await harness.Ingestor.IngestAsync(TestInstances.Instance(complete, "APPROVAL-RESYNC", tasks: [TestInstances.Task($"{complete}-t", "ou_a")]), CancellationToken.None);
        var partial = TestInstances.NewId("partial");
        await harness.Ingestor.IngestAsync(TestInstances.Instance(partial, "APPROVAL-RESYNC", mode: UpdateMode.Update), CancellationToken.None);
        await harness.DrainSyncAsync();
        harness.Emulator.Reset();

        var resync = harness.Get<ForcedResync>();
        var resyncedAt = DateTimeOffset.UtcNow;
        Assert.Equal(OperatorStatus.Accepted, (await resync.ResyncAsync(complete, CancellationToken.None)).Status);
        Assert.True(await RecordedSinceAsync(harness, complete, resyncedAt), "The resync is not in the change index: no reconcile round would check it.");
        var refused = await resync.ResyncAsync(partial, CancellationToken.None);
        Assert.Equal(OperatorStatus.Conflict, refused.Status);
        Assert.Contains("partial snapshot", refused.Error!.Error, StringComparison.Ordinal);
        Assert.Equal(OperatorStatus.NotFound, (await resync.ResyncAsync(TestInstances.NewId("nobody"), CancellationToken.None)).Status);
        await harness.DrainSyncAsync();

        Assert.Single(harness.Emulator.State.FindInstance(complete)!.Tasks);
        Assert.Null(harness.Emulator.State.FindInstance(partial));
        var diagnosis = await harness.Get<InstanceDiagnostics>().DiagnoseAsync(complete, false, CancellationToken.None);
        Assert.Equal((SyncMode.Replace, false, VerdictKinds.InSync), (diagnosis!.Synced!.LastSyncMode, diagnosis.Synced.LostInFeishu, diagnosis.Verdict.Kind));
    }

    /// <summary>Whether the instance has a <c>changeindex</c> row written since <paramref name="since"/> (this minute or the last).</summary>
    private static async Task<bool> RecordedSinceAsync(OperationsHarness harness, string instanceId, DateTimeOffset since)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var minute in new[] { now, now.AddMinutes(-1) })
        {
            await foreach (var change in harness.Store.ListChangesAsync(minute, CancellationToken.None))
            {
                if (change.InstanceId == instanceId && change.ChangedAt >= since)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
