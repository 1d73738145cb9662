using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.Cleanup;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using Azure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ApprovalFunctions.UnitTests.Operations;

public sealed class CleanupWorkerTests
{
    private const string RunId = "20261125080000-abcdef01";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
    private readonly Mock<ICleanupRunStore> runs = new();
    private readonly Mock<ICleanupWorkQueue> queue = new();
    private readonly Mock<IInstanceStateStore> store = new();
    private readonly Mock<IFeishuApprovalClient> feishu = new(MockBehavior.Strict);
    private readonly List<CleanupItem> saved = [];

    public CleanupWorkerTests()
    {
        runs.Setup(r => r.SaveItemAsync(It.IsAny<CleanupItem>(), It.IsAny<CancellationToken>()))
            .Callback((CleanupItem item, CancellationToken _) => saved.Add(item)).Returns(Task.CompletedTask);
        store.Setup(s => s.MarkPurgedAsync(It.IsAny<string>(), RunId, It.IsAny<CancellationToken>())).ReturnsAsync(true);
        store.Setup(s => s.LoadAsync("inst-1", It.IsAny<CancellationToken>())).ReturnsAsync(State(null));
    }

    [Theory]
    [InlineData(CleanupItemState.Done)]
    [InlineData(CleanupItemState.Failed)]
    public async Task A_finished_item_delivered_again_calls_Feishu_no_more(CleanupItemState state)
    {
        Item(state);

        await Worker().ProcessAsync(new CleanupWorkMessage(RunId, "inst-1"), CancellationToken.None);

        feishu.VerifyNoOtherCalls();
        store.Verify(s => s.MarkPurgedAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Empty(saved);
    }

    [Fact]
    public async Task A_wipe_marks_the_instance_purged_before_calling_Feishu_then_records_the_item_done()
    {
        Item(CleanupItemState.Queued);
        var order = new List<string>();
        store.Setup(s => s.MarkPurgedAsync("inst-1", RunId, It.IsAny<CancellationToken>())).Callback(() => order.Add("purge")).ReturnsAsync(true);
        ExternalInstance? sent = null;
        feishu.Setup(f => f.SyncInstanceAsync(It.IsAny<ExternalInstance>(), It.IsAny<CancellationToken>()))
            .Callback((ExternalInstance body, CancellationToken _) => { order.Add("feishu"); sent = body; })
            .ReturnsAsync(new FeishuResult<SyncInstanceResponse>(new SyncInstanceResponse(), "log-1"));

        await Worker().ProcessAsync(new CleanupWorkMessage(RunId, "inst-1"), CancellationToken.None);

        Assert.Equal(["purge", "feishu"], order);
        Assert.Equal((InstanceStatus.Approved, null, null), (sent!.Status, sent.UserId, sent.TaskList));
        var done = Assert.Single(saved);
        Assert.Equal((CleanupItemState.Done, "log-1"), (done.State, done.LogId));
        store.Verify(s => s.UpdateSyncedAsync("inst-1", It.IsAny<Func<InstanceState, SyncedState?>>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_later_and_a_permanent_one_is_recorded_with_Feishus_code()
    {
        Item(CleanupItemState.Queued);
        feishu.SetupSequence(f => f.SyncInstanceAsync(It.IsAny<ExternalInstance>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new FeishuApiException(FeishuErrorKind.Transient, 2200, "internal error", "log-t", 500))
            .ThrowsAsync(new FeishuApiException(FeishuErrorKind.Permanent, 1390001, "param is invalid", "log-p", 400));

        await Worker().ProcessAsync(new CleanupWorkMessage(RunId, "inst-1"), CancellationToken.None);
        Item(CleanupItemState.Queued, attempts: 1);
        await Worker().ProcessAsync(new CleanupWorkMessage(RunId, "inst-1"), CancellationToken.None);

        queue.Verify(q => q.EnqueueAsync(new CleanupWorkMessage(RunId, "inst-1"), TimeSpan.FromSeconds(1), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal((CleanupItemState.Queued, 1, 2200), (saved[0].State, saved[0].Attempts, saved[0].FeishuCode!.Value));
        Assert.Equal((CleanupItemState.Failed, 2, 1_390_001, "log-p"), (saved[1].State, saved[1].Attempts, saved[1].FeishuCode!.Value, saved[1].LogId));
        Assert.Contains("param is invalid", saved[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wipe_waits_for_a_sync_in_flight_without_touching_anything()
    {
        Item(CleanupItemState.Queued);
        var leased = SyncedState.Empty("inst-1") with { LeaseOwner = "sync-1", LeaseUntil = time.GetUtcNow().AddSeconds(20) };
        store.Setup(s => s.LoadAsync("inst-1", It.IsAny<CancellationToken>())).ReturnsAsync(State(leased));

        await Worker().ProcessAsync(new CleanupWorkMessage(RunId, "inst-1"), CancellationToken.None);

        queue.Verify(q => q.EnqueueAsync(new CleanupWorkMessage(RunId, "inst-1"), TimeSpan.FromSeconds(20), It.IsAny<CancellationToken>()), Times.Once);
        store.Verify(s => s.MarkPurgedAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        feishu.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Expansion_enqueues_only_the_items_still_planned_and_only_for_a_confirmed_run()
    {
        runs.Setup(r => r.GetAsync(RunId, It.IsAny<CancellationToken>())).ReturnsAsync(new StoredDocument<CleanupRun>(Run(CleanupRunState.Planned), new ETag("1")));
        await Worker().ProcessAsync(new CleanupWorkMessage(RunId), CancellationToken.None);
        queue.VerifyNoOtherCalls();

        runs.Setup(r => r.GetAsync(RunId, It.IsAny<CancellationToken>())).ReturnsAsync(new StoredDocument<CleanupRun>(Run(CleanupRunState.Confirmed), new ETag("2")));
        runs.Setup(r => r.ListItemsAsync(RunId, CleanupItemState.Planned, It.IsAny<CancellationToken>()))
            .Returns(new[] { new CleanupItem(RunId, "a", "X", CleanupItemState.Planned), new CleanupItem(RunId, "b", "X", CleanupItemState.Planned) }.ToAsyncEnumerable());
        runs.Setup(r => r.TryUpdateAsync(It.IsAny<CleanupRun>(), new ETag("2"), It.IsAny<CancellationToken>())).ReturnsAsync(true);

        await Worker().ProcessAsync(new CleanupWorkMessage(RunId), CancellationToken.None);

        queue.Verify(q => q.EnqueueAsync(It.Is<CleanupWorkMessage>(m => m.InstanceId != null), TimeSpan.Zero, It.IsAny<CancellationToken>()), Times.Exactly(2));
        Assert.All(saved, item => Assert.Equal(CleanupItemState.Queued, item.State));
        runs.Verify(r => r.TryUpdateAsync(It.Is<CleanupRun>(run => run.State == CleanupRunState.Running), new ETag("2"), It.IsAny<CancellationToken>()), Times.Once);
    }

    private CleanupWorker Worker() => new(runs.Object, queue.Object, store.Object, feishu.Object,
        Options.Create(new OperationsOptions { WipeRetryBaseDelay = TimeSpan.FromSeconds(1), MaxWipeAttempts = 5 }), time, Timeline.UnitTestTimeline.Create(time), NullLogger<CleanupWorker>.Instance);

    private void Item(CleanupItemState state, int attempts = 0) =>
        runs.Setup(r => r.GetItemAsync(RunId, "inst-1", It.IsAny<CancellationToken>())).ReturnsAsync(new CleanupItem(RunId, "inst-1", SampleInstances.ApprovalCode, state, attempts));

    private static InstanceState State(SyncedState? synced) => new(
        "inst-1",
        new StoredDocument<DesiredState>(new DesiredState
        {
            InstanceId = "inst-1",
            ApprovalCode = SampleInstances.ApprovalCode,
            DesiredVersion = 1,
            Complete = true,
            LastReceivedAt = DateTimeOffset.UnixEpoch,
            Instance = SampleInstances.Instance(tasks: [SampleInstances.Task("t1", 1_000)]),
        }, new ETag("d")),
        synced is null ? null : new StoredDocument<SyncedState>(synced, new ETag("s")));

    private CleanupRun Run(CleanupRunState state) => new()
    {
        RunId = RunId,
        Scope = CleanupScope.TryCreate(new CleanupRequest { ApprovalCode = "X" }, out _)!,
        ScopeFingerprint = "s",
        ItemsFingerprint = "i",
        Planned = 2,
        NotFound = 0,
        TokenHash = "h",
        CreatedAt = time.GetUtcNow(),
        ExpiresAt = time.GetUtcNow().AddMinutes(15),
        State = state,
    };
}
