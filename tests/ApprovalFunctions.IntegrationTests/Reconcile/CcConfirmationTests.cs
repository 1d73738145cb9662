using ApprovalFunctions.Core.Operations.Diagnose;
using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using FeishuEmulator.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.IntegrationTests.Reconcile;

/// <summary>
/// What the check API cannot see (CCs) and what the sync had to invent (an advanced instance time), on real Azurite and
/// the emulator: CC changes are re-sent until a check proves a call carrying them landed, and Feishu ends with the
/// source's own instance time.
/// </summary>
public sealed class CcConfirmationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan RoundInterval = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_dropped_cc_only_change_is_carried_again_by_the_next_change_that_lands()
    {
        await using var harness = await ReconcileHarness.StartAsync(azurite.ConnectionString);
        const string id = "masked-cc";
        var t0 = harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await SendAsync(harness, ReconcileHarness.NewInstance(id, t0));
        await RoundAsync(harness);

        await SendDroppedAsync(harness, CcRead(id, t0 + 1_000));
        Assert.Equal(ReadStatus.Unread.ToString().ToUpperInvariant(), Cc(harness, id).ReadStatus);

        // This change lands at a later instance time: without re-carrying, the check would see nothing wrong.
        await SendAsync(harness, TaskApproved(id, t0 + 2_000));

        Assert.Equal(("READ", t0 + 1_000), (Cc(harness, id).ReadStatus, Cc(harness, id).UpdateTime));
        var summary = await RoundAsync(harness);
        Assert.Equal((1, 0), (summary.CcsConfirmed, summary.Resyncs));
        Assert.Empty(await harness.DifferencesAsync([id]));
        Assert.Equal(t0 + 2_000, harness.Emulator.State.FindInstance(id)!.UpdateTime);
    }

    [Fact]
    public async Task A_dropped_cc_only_change_is_found_by_the_check_and_sent_again_at_the_sources_time()
    {
        await using var harness = await ReconcileHarness.StartAsync(azurite.ConnectionString);
        const string id = "dropped-cc";
        var t0 = harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await SendAsync(harness, ReconcileHarness.NewInstance(id, t0));
        await RoundAsync(harness);

        await SendDroppedAsync(harness, CcRead(id, t0 + 1_000));

        var diagnosis = await Diagnose(harness, id);
        Assert.Equal(VerdictKinds.InstanceStale, diagnosis.Verdict.Kind);
        Assert.Equal((CcStates.AwaitingCheck, (long?)(t0 + 1_000)), (diagnosis.Ccs[0].State, diagnosis.Ccs[0].AwaitingInstanceTime));

        var summary = await RoundAsync(harness);
        Assert.Equal(1, summary.InstanceStale);
        await harness.DrainSyncQueueAsync();

        Assert.Equal(("READ", t0 + 1_000), (Cc(harness, id).ReadStatus, harness.Emulator.State.FindInstance(id)!.UpdateTime));
        Assert.Equal(1, (await RoundAsync(harness)).CcsConfirmed);
        diagnosis = await Diagnose(harness, id);
        Assert.Equal((VerdictKinds.InSync, CcStates.Confirmed, false), (diagnosis.Verdict.Kind, diagnosis.Ccs[0].State, diagnosis.InstanceTime.Advanced));
    }

    [Fact]
    public async Task A_cc_change_that_arrives_after_a_later_change_is_proven_at_an_advanced_time_then_the_sources_time_is_restored()
    {
        await using var harness = await ReconcileHarness.StartAsync(azurite.ConnectionString);
        const string id = "late-cc";
        var t0 = harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await SendAsync(harness, ReconcileHarness.NewInstance(id, t0));
        await SendAsync(harness, TaskApproved(id, t0 + 2_000));
        var callsBefore = harness.SyncCalls;

        // Read at t0 + 1000, delivered after the change of t0 + 2000 landed.
        await SendAsync(harness, CcRead(id, t0 + 1_000));

        Assert.Equal(("READ", t0 + 2_001), (Cc(harness, id).ReadStatus, harness.Emulator.State.FindInstance(id)!.UpdateTime));
        var advanced = await Diagnose(harness, id);
        Assert.Equal((true, t0 + 2_000, t0 + 2_001), (advanced.InstanceTime.Advanced, advanced.InstanceTime.DesiredUpdateTime, advanced.InstanceTime.SentUpdateTime));
        Assert.Contains("REPLACE gives Feishu the source's time", advanced.InstanceTime.Note, StringComparison.Ordinal);

        var confirming = await RoundAsync(harness);
        Assert.Equal((1, 1), (confirming.CcsConfirmed, confirming.InstanceTimeRestores));
        await harness.DrainSyncQueueAsync();
        Assert.Equal(t0 + 2_000, harness.Emulator.State.FindInstance(id)!.UpdateTime);
        Assert.Equal(("READ", t0 + 1_000), (Cc(harness, id).ReadStatus, Cc(harness, id).UpdateTime));
        Assert.Equal(2, harness.SyncCalls - callsBefore);

        var settling = await RoundAsync(harness);
        Assert.Equal((1, 0, 0), (settling.InstancesChecked, settling.Resyncs, settling.InstanceTimeRestores));
        var exact = await Diagnose(harness, id);
        Assert.Equal((VerdictKinds.InSync, false), (exact.Verdict.Kind, exact.InstanceTime.Advanced));

        // Nothing changed and nothing unconfirmed: no call at all.
        var idle = await RoundAsync(harness);
        Assert.Equal((0, 0L), (idle.CheckCalls, harness.SyncCalls - callsBefore - 2));
    }

    [Fact]
    public async Task A_task_change_that_arrives_after_a_later_change_is_one_replace_at_the_sources_time()
    {
        await using var harness = await ReconcileHarness.StartAsync(azurite.ConnectionString);
        const string id = "late-task";
        var t0 = harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await SendAsync(harness, ReconcileHarness.NewInstance(id, t0));
        await RoundAsync(harness);
        await SendAsync(harness, TaskApproved(id, t0 + 2_000));
        var callsBefore = harness.SyncCalls;

        var late = ReconcileHarness.NewInstance(id, t0 + 1_000, mode: UpdateMode.Update);
        await SendAsync(harness, late with { TaskList = [late.TaskList![1] with { Status = TaskStatus.Approved, EndTime = t0 + 1_000 }], CcList = null });

        var held = harness.Emulator.State.FindInstance(id)!;
        Assert.Equal((t0 + 2_000, "APPROVED", 1L), (held.UpdateTime, held.FindTask($"{id}-task-2")!.Status, harness.SyncCalls - callsBefore));
        Assert.Empty(await harness.DifferencesAsync([id]));
        Assert.Equal(0, (await RoundAsync(harness)).Resyncs);
    }

    /// <summary>Ingests <paramref name="change"/> and lets the sync engine send it.</summary>
    private static async Task SendAsync(ReconcileHarness harness, ExternalInstance change)
    {
        await harness.IngestAsync(change);
        await harness.DrainSyncQueueAsync();
    }

    /// <summary>As <see cref="SendAsync"/>, with Feishu silently dropping the sync call (code 0, nothing applied).</summary>
    private static async Task SendDroppedAsync(ReconcileHarness harness, ExternalInstance change)
    {
        harness.Emulator.Faults.Set(new FaultSettingsValues { SilentDropRate = 1, Targets = FaultTargets.Sync });
        await SendAsync(harness, change);
        harness.Emulator.Faults.Clear();
    }

    private static async Task<ReconcileSummary> RoundAsync(ReconcileHarness harness)
    {
        harness.Clock.Advance(RoundInterval);
        var summary = await harness.Round.RunAsync(CancellationToken.None);
        Assert.Equal(ReconcileOutcome.Completed, summary.Outcome);
        return summary;
    }

    private static async Task<InstanceDiagnosis> Diagnose(ReconcileHarness harness, string id) =>
        (await harness.Services.GetRequiredService<InstanceDiagnostics>().DiagnoseAsync(id, false, CancellationToken.None))!;

    private static FeishuEmulator.State.CcSnapshot Cc(ReconcileHarness harness, string id) => harness.Emulator.State.FindInstance(id)!.FindCc($"{id}-cc-1")!;

    private static ExternalInstance CcRead(string id, long time)
    {
        var change = ReconcileHarness.NewInstance(id, time, mode: UpdateMode.Update);
        return change with { TaskList = null, CcList = [change.CcList![0] with { ReadStatus = ReadStatus.Read }] };
    }

    private static ExternalInstance TaskApproved(string id, long time)
    {
        var change = ReconcileHarness.NewInstance(id, time, mode: UpdateMode.Update);
        return change with { TaskList = [change.TaskList![0] with { Status = TaskStatus.Approved, EndTime = time }], CcList = null };
    }
}
