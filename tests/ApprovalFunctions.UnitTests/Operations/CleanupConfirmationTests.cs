using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.Cleanup;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Sync;
using Azure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ApprovalFunctions.UnitTests.Operations;

public sealed class CleanupConfirmationTests
{
    private static readonly CleanupScope Scope = CleanupScope.TryCreate(new CleanupRequest { ApprovalCode = "APPROVAL-X" }, out _)!;

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
    private readonly Mock<ICleanupScopeResolver> resolver = new(MockBehavior.Strict);
    private readonly Mock<ICleanupRunStore> runs = new(MockBehavior.Strict);
    private readonly Mock<IInstanceStateStore> store = new(MockBehavior.Strict);
    private readonly Mock<ISyncQueue> syncQueue = new(MockBehavior.Strict);
    private readonly OperationsOptions options = new() { ConfirmationLifetime = TimeSpan.FromMinutes(15), ListSize = 2 };
    private readonly Dictionary<string, CleanupItem> items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DesiredState> desired = new(StringComparer.Ordinal);
    private readonly List<DesiredState> snapshotsWritten = [];
    private readonly List<SyncNudge> nudges = [];
    private readonly List<(string InstanceId, long Version, bool WrittenYet)> changeIndexed = [];
    // The service purges items in parallel: every fake below that touches shared state takes this lock.
    private readonly Lock gate = new();
    private StoredDocument<CleanupRun>? stored;
    private int etagCounter;

    public CleanupConfirmationTests()
    {
        runs.Setup(r => r.CreateAsync(It.IsAny<CleanupRun>(), It.IsAny<IReadOnlyList<CleanupTarget>>(), It.IsAny<CancellationToken>()))
            .Callback((CleanupRun run, IReadOnlyList<CleanupTarget> targets, CancellationToken _) =>
            {
                stored = new(run, NextETag());
                items.Clear();
                foreach (var target in targets)
                {
                    items[target.InstanceId] = new CleanupItem(run.RunId, target.InstanceId, target.ApprovalCode, CleanupItemState.Planned);
                }
            })
            .Returns(Task.CompletedTask);
        runs.Setup(r => r.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, CancellationToken _) => stored?.Document.RunId == id ? stored : null);
        runs.Setup(r => r.TryUpdateAsync(It.IsAny<CleanupRun>(), It.IsAny<ETag>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((CleanupRun run, ETag etag, CancellationToken _) =>
            {
                if (stored is null || stored.ETag != etag)
                {
                    return false;
                }

                stored = new(run, NextETag());
                return true;
            });
        runs.Setup(r => r.ListItemsAsync(It.IsAny<string>(), It.IsAny<CleanupItemState?>(), It.IsAny<CancellationToken>()))
            .Returns((string _, CleanupItemState? state, CancellationToken _) =>
            {
                lock (gate) { return items.Values.Where(i => state is null || i.State == state).ToList().ToAsyncEnumerable(); }
            });
        runs.Setup(r => r.SaveItemAsync(It.IsAny<CleanupItem>(), It.IsAny<CancellationToken>()))
            .Callback((CleanupItem item, CancellationToken _) => { lock (gate) { items[item.InstanceId] = item; } })
            .Returns(Task.CompletedTask);
        store.Setup(s => s.LoadAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, CancellationToken _) =>
            {
                lock (gate) { return new InstanceState(id, desired.TryGetValue(id, out var d) ? new StoredDocument<DesiredState>(d, new ETag($"d{d.DesiredVersion}")) : null, null); }
            });
        store.Setup(s => s.TrySaveDesiredAsync(It.IsAny<DesiredState>(), It.IsAny<ETag?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((DesiredState snapshot, ETag? _, CancellationToken _) =>
            {
                lock (gate)
                {
                    snapshotsWritten.Add(snapshot);
                    desired[snapshot.InstanceId] = snapshot;
                    return new ETag($"d{snapshot.DesiredVersion}");
                }
            });
        store.Setup(s => s.RecordChangeAsync(It.IsAny<DesiredState>(), It.IsAny<IndexRows>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback((DesiredState snapshot, IndexRows rows, DateTimeOffset _, CancellationToken _) =>
            {
                if (rows.ChangeIndex)
                {
                    lock (gate) { changeIndexed.Add((snapshot.InstanceId, snapshot.DesiredVersion, snapshotsWritten.Contains(snapshot))); }
                }
            })
            .Returns(Task.CompletedTask);
        syncQueue.Setup(q => q.EnqueueAsync(It.IsAny<SyncNudge>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Callback((SyncNudge nudge, TimeSpan _, CancellationToken _) => { lock (nudges) { nudges.Add(nudge); } })
            .Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task The_dry_run_stores_only_the_hash_of_the_token_and_purges_nothing()
    {
        Resolve("a", "b", "c");

        var plan = await Service().PlanAsync(Scope, CancellationToken.None);

        Assert.Equal(3, plan.Count);
        Assert.Equal(2, plan.Instances.Count);
        Assert.True(plan.InstancesTruncated);
        Assert.StartsWith(plan.RunId + ".", plan.ConfirmationToken, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.ConfirmationToken!.Split('.')[1], stored!.Document.TokenHash, StringComparison.Ordinal);
        Assert.Equal((3, time.GetUtcNow() + options.ConfirmationLifetime), (stored.Document.Planned, stored.Document.ExpiresAt));
        AssertNothingExecuted();
    }

    [Fact]
    public async Task Confirming_with_the_token_writes_each_purge_snapshot_once_and_nudges_its_sync()
    {
        Resolve("a", "b");
        Known("a", version: 4);
        var plan = await Service().PlanAsync(Scope, CancellationToken.None);

        var confirmed = await Service().ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);

        Assert.Equal(OperatorStatus.Accepted, confirmed.Status);
        Assert.Equal(("running", 2, 0), (confirmed.Body!.State, confirmed.Body.Waiting, confirmed.Body.Done));
        Assert.Equal(CleanupRunState.Running, stored!.Document.State);
        Assert.Equal(["a", "b"], snapshotsWritten.Select(d => d.InstanceId).Order(StringComparer.Ordinal));
        Assert.All(snapshotsWritten, d => Assert.Equal((true, plan.RunId, true), (d.Purged, d.PurgeRunId, d.Complete)));
        Assert.Equal([new SyncNudge("a", 5), new SyncNudge("b", 1)], nudges.OrderBy(n => n.InstanceId, StringComparer.Ordinal));
        Assert.Equal([(CleanupItemState.Queued, 5L), (CleanupItemState.Queued, 1L)], items.Values.OrderBy(i => i.InstanceId, StringComparer.Ordinal).Select(i => (i.State, i.PurgeVersion!.Value)));
    }

    [Fact]
    public async Task Each_purge_snapshot_gets_its_changeindex_row_before_it_is_written_so_a_lost_nudge_is_found_by_reconcile()
    {
        Resolve("a", "b");
        Known("a", version: 4);
        var plan = await Service().PlanAsync(Scope, CancellationToken.None);

        await Service().ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);

        Assert.Equal([("a", 5L, false), ("b", 1L, false)], changeIndexed.OrderBy(c => c.InstanceId, StringComparer.Ordinal));
        Assert.All(snapshotsWritten, d => Assert.Equal("202611250800", d.ChangeIndexedBucket));
    }

    [Fact]
    public async Task A_confirmation_replayed_after_a_crash_midway_finishes_only_what_is_left_and_writes_no_snapshot_twice()
    {
        Resolve("a", "b", "c");
        var plan = await Service().PlanAsync(Scope, CancellationToken.None);

        // The confirming call died after purging "a" and writing "b"'s snapshot, before nudging "b".
        stored = new(stored!.Document with { State = CleanupRunState.Confirmed, ConfirmedAt = time.GetUtcNow() }, NextETag());
        items["a"] = items["a"] with { State = CleanupItemState.Queued, PurgeVersion = 1 };
        desired["a"] = PurgeSnapshot.Of(plan.RunId!, "APPROVAL-X", new InstanceState("a", null, null), time.GetUtcNow());
        desired["b"] = PurgeSnapshot.Of(plan.RunId!, "APPROVAL-X", new InstanceState("b", null, null), time.GetUtcNow());

        var tooSoon = await Service().ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);
        Assert.Equal((OperatorStatus.Ok, "confirmed"), (tooSoon.Status, tooSoon.Body!.State));
        Assert.Empty(nudges);

        time.Advance(CleanupService.ResumeGrace + TimeSpan.FromSeconds(1));
        var resumed = await Service().ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);

        Assert.Equal(OperatorStatus.Ok, resumed.Status);
        Assert.Equal(["c"], snapshotsWritten.Select(d => d.InstanceId));
        Assert.Equal([new SyncNudge("b", 1), new SyncNudge("c", 1)], nudges.OrderBy(n => n.InstanceId, StringComparer.Ordinal));
        Assert.All(items.Values, i => Assert.Equal(CleanupItemState.Queued, i.State));
        Assert.Equal(CleanupRunState.Running, stored!.Document.State);
    }

    [Fact]
    public async Task A_confirmation_is_refused_when_the_scope_now_covers_another_count()
    {
        Resolve("a", "b");
        var plan = await Service().PlanAsync(Scope, CancellationToken.None);
        Resolve("a", "b", "c");

        var confirmed = await Service().ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);

        Assert.Equal(OperatorStatus.Conflict, confirmed.Status);
        Assert.Contains("now covers 3 instances, not the 2 planned", confirmed.Error!.Error, StringComparison.Ordinal);
        AssertNothingExecuted();
    }

    [Fact]
    public async Task A_confirmation_is_refused_when_the_same_count_covers_other_instances()
    {
        Resolve("a", "b");
        var plan = await Service().PlanAsync(Scope, CancellationToken.None);
        Resolve("a", "z");

        var confirmed = await Service().ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);

        Assert.Equal(OperatorStatus.Conflict, confirmed.Status);
        AssertNothingExecuted();
    }

    [Fact]
    public async Task A_confirmation_is_refused_after_the_token_expired()
    {
        Resolve("a");
        var plan = await Service().PlanAsync(Scope, CancellationToken.None);
        time.Advance(options.ConfirmationLifetime);

        var confirmed = await Service().ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);

        Assert.Equal(OperatorStatus.Gone, confirmed.Status);
        Assert.Contains("expired", confirmed.Error!.Error, StringComparison.Ordinal);
        AssertNothingExecuted();
    }

    [Fact]
    public async Task A_token_of_another_plan_does_not_confirm_this_one()
    {
        Resolve("a");
        var plan = await Service().PlanAsync(Scope, CancellationToken.None);
        var forged = $"{plan.RunId}.{CleanupConfirmation.Issue(plan.RunId!).Token.Split('.')[1]}";

        var confirmed = await Service().ConfirmAsync(forged, CancellationToken.None);

        Assert.Equal(OperatorStatus.Forbidden, confirmed.Status);
        Assert.Equal("$.confirm", confirmed.Error!.Field);
        AssertNothingExecuted();
    }

    [Fact]
    public async Task A_second_confirmation_of_the_same_run_purges_nothing_more()
    {
        Resolve("a", "b");
        var plan = await Service().PlanAsync(Scope, CancellationToken.None);
        await Service().ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);
        time.Advance(options.ConfirmationLifetime + TimeSpan.FromHours(1));

        var again = await Service().ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);

        Assert.Equal(OperatorStatus.Ok, again.Status);
        Assert.Equal(2, again.Body!.Planned);
        Assert.Equal(2, snapshotsWritten.Count);
        Assert.Equal(2, nudges.Count);
    }

    [Fact]
    public async Task A_confirmation_that_loses_the_race_to_another_purges_nothing()
    {
        Resolve("a");
        var plan = await Service().PlanAsync(Scope, CancellationToken.None);
        var planned = stored!;
        resolver.Setup(r => r.ResolveAsync(Scope, It.IsAny<CancellationToken>()))
            .Callback(() => stored = new(planned.Document with { State = CleanupRunState.Confirmed, ConfirmedAt = time.GetUtcNow() }, NextETag()))
            .ReturnsAsync(Resolution("a"));

        var confirmed = await Service().ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);

        Assert.Equal(OperatorStatus.Ok, confirmed.Status);
        Assert.Empty(nudges);
        Assert.Empty(snapshotsWritten);
    }

    [Fact]
    public void A_plan_whose_stored_scope_no_longer_matches_its_fingerprint_is_not_valid()
    {
        var (token, hash) = CleanupConfirmation.Issue("run-1");
        var resolution = Resolution("a");
        var run = new CleanupRun
        {
            RunId = "run-1",
            Scope = Scope,
            ScopeFingerprint = Scope.Fingerprint(),
            ItemsFingerprint = resolution.Fingerprint(),
            Planned = 1,
            NotFound = 0,
            TokenHash = hash,
            CreatedAt = time.GetUtcNow(),
            ExpiresAt = time.GetUtcNow().AddMinutes(1),
        };
        var secret = token.Split('.')[1];

        Assert.Equal(ConfirmationCheck.Valid, CleanupConfirmation.Check(run, secret, resolution, time.GetUtcNow()));
        Assert.Equal(ConfirmationCheck.ScopeChanged, CleanupConfirmation.Check(run with { Scope = Scope with { All = true } }, secret, resolution, time.GetUtcNow()));
        Assert.Equal(ConfirmationCheck.WrongToken, CleanupConfirmation.Check(run, secret + "x", resolution, time.GetUtcNow()));
        Assert.Equal(ConfirmationCheck.Expired, CleanupConfirmation.Check(run, secret, resolution, run.ExpiresAt));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-separator")]
    [InlineData(".secret")]
    [InlineData("run.")]
    [InlineData("run/../x.secret")]
    public async Task A_malformed_token_is_a_bad_request_naming_the_field(string? token)
    {
        var confirmed = await Service().ConfirmAsync(token!, CancellationToken.None);

        Assert.Equal((OperatorStatus.BadRequest, "$.confirm"), (confirmed.Status, confirmed.Error!.Field));
    }

    private CleanupService Service() => new(
        resolver.Object,
        runs.Object,
        new CleanupItemPurger(store.Object, syncQueue.Object, time),
        new CleanupProgressReader(runs.Object, store.Object, Options.Create(options), time),
        Options.Create(options),
        time);

    private void Known(string instanceId, long version) => desired[instanceId] = new DesiredState
    {
        InstanceId = instanceId,
        ApprovalCode = "APPROVAL-X",
        DesiredVersion = version,
        Complete = true,
        LastReceivedAt = time.GetUtcNow(),
        Instance = SampleInstances.Instance(instanceId, approvalCode: "APPROVAL-X"),
    };

    private void Resolve(params string[] ids) =>
        resolver.Setup(r => r.ResolveAsync(Scope, It.IsAny<CancellationToken>())).ReturnsAsync(Resolution(ids));

    private static CleanupResolution Resolution(params string[] ids) =>
        new([.. ids.Select(id => new CleanupTarget(id, "APPROVAL-X", true, false))], []);

    private void AssertNothingExecuted()
    {
        Assert.Equal(CleanupRunState.Planned, stored!.Document.State);
        Assert.Empty(nudges);
        Assert.Empty(snapshotsWritten);
        Assert.All(items.Values, i => Assert.Equal(CleanupItemState.Planned, i.State));
    }

    private ETag NextETag() => new($"W/\"{++etagCounter}\"");
}
