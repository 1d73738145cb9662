using ApprovalFunctions.Core.Operations.Parked;
using ApprovalFunctions.Core.Operations.Resync;
using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Core.Timeline;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using ApprovalFunctions.IntegrationTests.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalFunctions.IntegrationTests.Console;

public sealed class InstanceTimelineTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Changes_syncs_and_check_verdicts_appear_newest_first_with_outcome_version_mode_code_and_log_id()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite);
        var id = TestInstances.NewId("timeline");
        var task = TestInstances.Task($"{id}-t", "ou_approver");
        await harness.Ingestor.IngestAsync(TestInstances.Instance(id, "APPROVAL-TIMELINE", tasks: [task]), CancellationToken.None);
        await harness.DrainSyncAsync();
        var update = TestInstances.Instance(id, "APPROVAL-TIMELINE", TestInstances.BaseTime + 1_000, UpdateMode.Update,
            tasks: [task with { Status = Feishu.Models.TaskStatus.Approved, UpdateTime = TestInstances.BaseTime + 1_000, EndTime = TestInstances.BaseTime + 1_000 }]);
        await harness.Ingestor.IngestAsync(update, CancellationToken.None);
        await harness.Ingestor.IngestAsync(update, CancellationToken.None);
        await harness.Ingestor.IngestAsync(TestInstances.Instance(id, "APPROVAL-TIMELINE", TestInstances.BaseTime - 5_000, UpdateMode.Update), CancellationToken.None);
        await harness.DrainSyncAsync();
        await harness.Get<IReconcileRound>().RunAsync(CancellationToken.None);

        var timeline = (await harness.Get<InstanceTimelineReader>().ReadAsync(id, CancellationToken.None))!;

        var events = timeline.Events;
        Assert.Equal(events.OrderByDescending(e => e.At), events);
        var changes = events.Where(e => e.Kind == InstanceEventKinds.Change).Reverse().ToList();
        Assert.Equal(["queued", "queued", "duplicate", "stale"], changes.Select(e => e.Outcome));
        Assert.Equal([1L, 2L, 2L, 2L], changes.Select(e => e.DesiredVersion!.Value));
        Assert.Equal(["REPLACE", "UPDATE", "UPDATE", "UPDATE"], changes.Select(e => e.Mode));
        var syncs = events.Where(e => e.Kind == InstanceEventKinds.Sync).Reverse().ToList();
        Assert.Equal(["REPLACE", "UPDATE"], syncs.Select(e => e.Mode));
        Assert.All(syncs, s => Assert.Equal(("ok", 0), (s.Outcome, s.FeishuCode)));
        Assert.All(syncs, s => Assert.False(string.IsNullOrEmpty(s.LogId)));
        Assert.All(syncs, s => Assert.NotNull(s.DurationMs));
        var check = Assert.Single(events, e => e.Kind == InstanceEventKinds.Check);
        Assert.Equal("in_sync", check.Outcome);
    }

    [Fact]
    public async Task Parks_replays_resyncs_and_clean_up_are_recorded()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite);
        var id = TestInstances.NewId("timeline-park");

        // No assignee: Feishu refuses with 1390001 and the instance parks.
        var task = TestInstances.Task($"{id}-t", "ou_approver") with { OpenId = null };
        await harness.Ingestor.IngestAsync(TestInstances.Instance(id, "APPROVAL-TIMELINE", tasks: [task]), CancellationToken.None);
        await harness.DrainSyncAsync();
        await harness.Get<ParkedInstances>().ReplayAsync([id], CancellationToken.None);
        await harness.DrainSyncAsync();
        await harness.Get<ForcedResync>().ResyncAsync(id, CancellationToken.None);

        var events = (await harness.Get<InstanceTimelineReader>().ReadAsync(id, CancellationToken.None))!.Events;

        Assert.Equal(2, events.Count(e => e.Kind == InstanceEventKinds.Park && e.FeishuCode == 1_390_001 && e.LogId is not null && e.Mode == "REPLACE"));
        Assert.Single(events, e => e.Kind == InstanceEventKinds.Replay);
        Assert.Single(events, e => e.Kind == InstanceEventKinds.Resync && e.Mode == "REPLACE");
        Assert.Equal(InstanceEventKinds.Resync, events[0].Kind);
    }

    [Fact]
    public async Task Rings_keep_at_most_the_configured_number_of_events()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite, settings: new() { ["Timeline:MaxEventsPerRow"] = "3" });
        var id = TestInstances.NewId("timeline-ring");
        for (var i = 0; i < 6; i++)
        {
            await harness.Ingestor.IngestAsync(TestInstances.Instance(id, "APPROVAL-TIMELINE", TestInstances.BaseTime + i), CancellationToken.None);
        }

        var last = TestInstances.Instance(id, "APPROVAL-TIMELINE", TestInstances.BaseTime + 5);
        for (var i = 0; i < 5; i++)
        {
            await harness.Ingestor.IngestAsync(last, CancellationToken.None);
        }

        var state = await harness.Store.LoadAsync(id, CancellationToken.None);
        var events = (await harness.Get<InstanceTimelineReader>().ReadAsync(id, CancellationToken.None))!.Events;

        Assert.Equal([4L, 5L, 6L], state.Desired!.Document.Events!.Select(e => e.DesiredVersion!.Value));
        var duplicates = events.Where(e => e.Outcome == "duplicate").ToList();
        Assert.Equal(3, duplicates.Count);
        Assert.True(duplicates.Min(d => d.At) > events.Where(e => e.Outcome == "queued").Max(e => e.At));
    }

    [Fact]
    public async Task Ignored_changes_are_not_recorded_when_switched_off()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite, settings: new() { ["Timeline:RecordIgnoredChanges"] = "false" });
        var id = TestInstances.NewId("timeline-off");
        var change = TestInstances.Instance(id, "APPROVAL-TIMELINE");
        await harness.Ingestor.IngestAsync(change, CancellationToken.None);
        await harness.Ingestor.IngestAsync(change, CancellationToken.None);

        var events = (await harness.Get<InstanceTimelineReader>().ReadAsync(id, CancellationToken.None))!.Events;

        Assert.Equal(["queued"], events.Select(e => e.Outcome));
    }
}
