using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Storage.Tables;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static ApprovalFunctions.UnitTests.Reconcile.ReconcileTestData;

namespace ApprovalFunctions.UnitTests.Reconcile;

public sealed class ReconcileRoundTests
{
    private readonly Mock<IInstanceStateStore> store = new();
    private readonly Mock<IChangeIndexTable> changeIndex = new();
    private readonly Mock<ISweepIndexTable> sweepIndex = new();
    private readonly Mock<ISyncIssuesTable> syncIssues = new();
    private readonly Mock<IReconcileCheckpointStore> checkpoints = new();
    private readonly Mock<IFeishuApprovalClient> feishu = new();
    private readonly Mock<ISyncQueue> queue = new();
    private readonly FakeTimeProvider clock = new(Now);
    private readonly List<string> window = [];
    private readonly List<CheckInstancesRequest> checks = [];
    private readonly ReconcileOptions options = new() { CheckBatchSize = 2, MaxCheckCallsPerRound = 2, MaxRenudgesPerRound = 1 };

    public ReconcileRoundTests()
    {
        checkpoints.Setup(c => c.TryAcquireRoundAsync(It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync(new RoundLease("me", new ETag("l")));
        checkpoints.Setup(c => c.GetCheckpointAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Now.AddMinutes(-5));
        changeIndex.Setup(i => i.ReadWindowAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(() => Entries(window.Select(id => new ChangeIndexEntry(id, 1, Now.AddMinutes(-3)))));
        sweepIndex.Setup(i => i.ReadShardAsync(It.IsAny<int>(), It.IsAny<CancellationToken>())).Returns(() => Entries<SweepIndexEntry>([]));
        syncIssues.Setup(s => s.ListAsync(SyncIssueKind.Lagging, It.IsAny<CancellationToken>())).Returns(() => Entries<SyncIssue>([]));
        store.Setup(s => s.LoadAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string id, CancellationToken _) => State(Desired(id), Synced(id)));
        feishu.Setup(f => f.CheckInstancesAsync(It.IsAny<CheckInstancesRequest>(), It.IsAny<CancellationToken>()))
            .Callback((CheckInstancesRequest request, CancellationToken _) => checks.Add(request))
            .ReturnsAsync(new FeishuResult<CheckInstancesResponse>(new CheckInstancesResponse(), "log"));
    }

    [Fact]
    public async Task An_empty_window_makes_no_check_call_and_advances_the_checkpoint()
    {
        var summary = await CreateRound().RunAsync(CancellationToken.None);

        Assert.Equal(ReconcileOutcome.Completed, summary.Outcome);
        Assert.Equal(0, summary.CheckCalls);
        feishu.Verify(f => f.CheckInstancesAsync(It.IsAny<CheckInstancesRequest>(), It.IsAny<CancellationToken>()), Times.Never);
        checkpoints.Verify(c => c.AdvanceAsync(Now, It.IsAny<CancellationToken>()), Times.Once);
        checkpoints.Verify(c => c.ReleaseRoundAsync(It.IsAny<RoundLease>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Checks_go_in_batches_within_the_budget_and_the_rest_of_the_window_is_deferred_to_the_next_round()
    {
        window.AddRange(["a", "b", "c", "d", "e"]);

        var summary = await CreateRound().RunAsync(CancellationToken.None);

        Assert.Equal([["a", "b"], ["c", "d"]], checks.Select(c => c.Instances.Select(i => i.InstanceId).ToArray()));
        Assert.Equal((2, 4, 1), (summary.CheckCalls, summary.InstancesChecked, summary.BudgetDeferred));
        changeIndex.Verify(i => i.MarkForRecheckAsync("e", 1, It.IsAny<CancellationToken>()), Times.Once);
        checkpoints.Verify(c => c.AdvanceAsync(Now, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_diff_sets_repair_flags_nudges_and_is_counted_under_its_kind()
    {
        window.Add("a");
        SyncedState? written = null;
        store.Setup(s => s.TrySaveSyncedAsync(It.IsAny<SyncedState>(), new ETag("s"), It.IsAny<CancellationToken>()))
            .Callback((SyncedState synced, ETag? _, CancellationToken _) => written = synced)
            .ReturnsAsync(new ETag("s2"));
        feishu.Setup(f => f.CheckInstancesAsync(It.IsAny<CheckInstancesRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new FeishuResult<CheckInstancesResponse>(new CheckInstancesResponse { DiffInstances = [new CheckedInstance { InstanceId = "a", UpdateTime = 900, Tasks = [] }] }, "log"));

        var summary = await CreateRound().RunAsync(CancellationToken.None);

        Assert.Equal((1, 1), (summary.InstanceStale, summary.Resyncs));
        Assert.True(written!.ResendAll);
        Assert.Equal(900, written.FeishuInstanceTime);
        queue.Verify(q => q.EnqueueAsync(new SyncNudge("a", 1, 0), TimeSpan.Zero, It.IsAny<CancellationToken>()), Times.Once);
        changeIndex.Verify(i => i.MarkForRecheckAsync("a", 1, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_clean_check_records_the_ccs_it_confirms_with_the_rounds_etag_and_asks_for_the_sources_time_back()
    {
        window.Add("a");
        var advanced = Synced("a") with
        {
            FeishuInstanceTime = 1_001,
            FeishuInstanceTimeCeiling = 1_001,
            Ccs = new Dictionary<string, EntityWatermark>(StringComparer.Ordinal) { ["a-c1"] = new(1_000, "fp-c", 1_001) },
        };
        store.Setup(s => s.LoadAsync("a", It.IsAny<CancellationToken>())).ReturnsAsync(State(Desired("a"), advanced));
        SyncedState? written = null;
        store.Setup(s => s.TrySaveSyncedAsync(It.IsAny<SyncedState>(), new ETag("s"), It.IsAny<CancellationToken>()))
            .Callback((SyncedState synced, ETag? _, CancellationToken _) => written = synced)
            .ReturnsAsync(new ETag("s2"));

        var summary = await CreateRound().RunAsync(CancellationToken.None);

        Assert.Equal((1, 1, 0), (summary.CcsConfirmed, summary.InstanceTimeRestores, summary.Resyncs));
        Assert.True(written!.Ccs["a-c1"].Confirmed);
        Assert.True(written.RestoreInstanceTime);
        Assert.Equal(1_001, written.ConfirmedInstanceTime);
        queue.Verify(q => q.EnqueueAsync(new SyncNudge("a", 1, 0), TimeSpan.Zero, It.IsAny<CancellationToken>()), Times.Once);
        changeIndex.Verify(i => i.MarkForRecheckAsync("a", 1, It.IsAny<CancellationToken>()), Times.Once);
        store.Verify(s => s.UpdateSyncedAsync(It.IsAny<string>(), It.IsAny<Func<InstanceState, SyncedState?>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_clean_check_with_nothing_to_confirm_writes_and_nudges_nothing()
    {
        window.AddRange(["a", "b"]);

        var summary = await CreateRound().RunAsync(CancellationToken.None);

        Assert.Equal((2, 0, 0), (summary.InstancesChecked, summary.CcsConfirmed, summary.Resyncs));
        store.Verify(s => s.TrySaveSyncedAsync(It.IsAny<SyncedState>(), It.IsAny<ETag?>(), It.IsAny<CancellationToken>()), Times.Never);
        queue.Verify(q => q.EnqueueAsync(It.IsAny<SyncNudge>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
        changeIndex.Verify(i => i.MarkForRecheckAsync(It.IsAny<string>(), It.IsAny<long>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task An_instance_a_sync_holds_is_not_checked_but_looked_at_again_next_round()
    {
        window.Add("a");
        store.Setup(s => s.LoadAsync("a", It.IsAny<CancellationToken>())).ReturnsAsync(State(Desired("a"), Synced("a") with { LeaseOwner = "sync", LeaseUntil = Now.AddSeconds(30) }));

        var summary = await CreateRound().RunAsync(CancellationToken.None);

        Assert.Equal((0, 1), (summary.CheckCalls, summary.InFlight));
        changeIndex.Verify(i => i.MarkForRecheckAsync("a", 1, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_check_answer_overtaken_by_a_write_since_the_rounds_read_is_dropped_and_checked_again_next_round()
    {
        window.Add("a");
        store.Setup(s => s.TrySaveSyncedAsync(It.IsAny<SyncedState>(), new ETag("s"), It.IsAny<CancellationToken>())).ReturnsAsync((ETag?)null);
        feishu.Setup(f => f.CheckInstancesAsync(It.IsAny<CheckInstancesRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new FeishuResult<CheckInstancesResponse>(new CheckInstancesResponse { DiffInstances = [new CheckedInstance { InstanceId = "a", UpdateTime = 900, Tasks = [] }] }, "log"));

        var summary = await CreateRound().RunAsync(CancellationToken.None);

        Assert.Equal((1, 0), (summary.Superseded, summary.Resyncs));
        queue.Verify(q => q.EnqueueAsync(It.IsAny<SyncNudge>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
        changeIndex.Verify(i => i.MarkForRecheckAsync("a", 1, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_failed_check_fails_the_round_and_keeps_the_checkpoint()
    {
        window.AddRange(["a", "b", "c"]);
        feishu.SetupSequence(f => f.CheckInstancesAsync(It.IsAny<CheckInstancesRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new FeishuResult<CheckInstancesResponse>(new CheckInstancesResponse(), "log"))
            .ThrowsAsync(new FeishuApiException(FeishuErrorKind.Transient, 2200, "internal error", "log", 500));

        var summary = await CreateRound().RunAsync(CancellationToken.None);

        Assert.Equal(ReconcileOutcome.Failed, summary.Outcome);
        Assert.Equal(2, summary.CheckCalls);
        checkpoints.Verify(c => c.AdvanceAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
        checkpoints.Verify(c => c.ReleaseRoundAsync(It.IsAny<RoundLease>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_round_that_finds_the_lease_taken_does_nothing()
    {
        checkpoints.Setup(c => c.TryAcquireRoundAsync(It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync((RoundLease?)null);
        window.Add("a");

        var summary = await CreateRound().RunAsync(CancellationToken.None);

        Assert.Equal(ReconcileOutcome.Skipped, summary.Outcome);
        changeIndex.VerifyNoOtherCalls();
        sweepIndex.VerifyNoOtherCalls();
        syncIssues.VerifyNoOtherCalls();
        feishu.VerifyNoOtherCalls();
        checkpoints.Verify(c => c.AdvanceAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Lagging_instances_are_renudged_up_to_the_cap_and_all_marked()
    {
        window.AddRange(["a", "b", "p"]);
        store.Setup(s => s.LoadAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string id, CancellationToken _) => id == "p"
            ? State(Desired(id, version: 2), Synced(id) with { Parked = new ParkedState("partial", null, null, null, Now, 2) })
            : State(Desired(id, version: 2), Synced(id)));

        var summary = await CreateRound().RunAsync(CancellationToken.None);

        Assert.Equal((1, 1, 1, 0), (summary.LaggingRenudged, summary.LaggingDeferred, summary.ParkedSkipped, summary.CheckCalls));
        queue.Verify(q => q.EnqueueAsync(It.IsAny<SyncNudge>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Once);
        queue.Verify(q => q.EnqueueAsync(It.Is<SyncNudge>(n => n.InstanceId == "p"), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
        store.Verify(s => s.MarkLaggingAsync(It.IsIn("a", "b"), It.IsAny<string>(), 2, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Final_sweep_rows_beyond_retention_are_deleted_and_the_rest_checked()
    {
        var old = new SweepIndexEntry(0, "old", true, Now.AddDays(-8), new ETag("1"));
        var recent = new SweepIndexEntry(0, "recent", true, Now.AddDays(-2), new ETag("2"));
        var open = new SweepIndexEntry(0, "open", false, Now.AddDays(-30), new ETag("3"));
        sweepIndex.Setup(i => i.ReadShardAsync(It.IsAny<int>(), It.IsAny<CancellationToken>())).Returns(() => Entries([old, recent, open]));

        var summary = await CreateRound().RunAsync(CancellationToken.None);

        Assert.Equal(1, summary.SweepRowsDeleted);
        sweepIndex.Verify(i => i.DeleteAsync(old, It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(["recent", "open"], checks.SelectMany(c => c.Instances).Select(i => i.InstanceId));
    }

    private ReconcileRound CreateRound()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        var settings = Options.Create(options);
        var sweep = Options.Create(new SweepIndexOptions());
        var logger = NullLogger<ReconcileRound>.Instance;
        return new ReconcileRound(
            new CandidateCollector(changeIndex.Object, syncIssues.Object, sweepIndex.Object, sweep),
            new CandidateTriage(store.Object, changeIndex.Object, syncIssues.Object, queue.Object, settings, logger),
            new CheckAndRepair(feishu.Object, store.Object, changeIndex.Object, syncIssues.Object, queue.Object, Timeline.UnitTestTimeline.Create(clock), clock, settings, logger),
            checkpoints.Object,
            settings,
            sweep,
            new ReconcileMetrics(meters),
            clock,
            logger);
    }

    private static async IAsyncEnumerable<T> Entries<T>(IEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask;
    }
}
