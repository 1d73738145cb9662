using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.Cleanup;
using ApprovalFunctions.Core.State;
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
    private readonly Mock<ICleanupWorkQueue> queue = new(MockBehavior.Strict);
    private readonly OperationsOptions options = new() { ConfirmationLifetime = TimeSpan.FromMinutes(15), ListSize = 2 };
    private StoredDocument<CleanupRun>? stored;
    private int etagCounter;

    public CleanupConfirmationTests()
    {
        runs.Setup(r => r.CreateAsync(It.IsAny<CleanupRun>(), It.IsAny<IReadOnlyList<CleanupTarget>>(), It.IsAny<CancellationToken>()))
            .Callback((CleanupRun run, IReadOnlyList<CleanupTarget> _, CancellationToken _) => stored = new(run, NextETag()))
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
        runs.Setup(r => r.ListItemsAsync(It.IsAny<string>(), null, It.IsAny<CancellationToken>())).Returns(AsyncEnumerable.Empty<CleanupItem>());
        queue.Setup(q => q.EnqueueAsync(It.IsAny<CleanupWorkMessage>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task The_dry_run_stores_only_the_hash_of_the_token_and_enqueues_nothing()
    {
        Resolve("a", "b", "c");

        var plan = await Service().PlanAsync(Scope, CancellationToken.None);

        Assert.Equal(3, plan.Count);
        Assert.Equal(2, plan.Instances.Count);
        Assert.True(plan.InstancesTruncated);
        Assert.StartsWith(plan.RunId + ".", plan.ConfirmationToken, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.ConfirmationToken!.Split('.')[1], stored!.Document.TokenHash, StringComparison.Ordinal);
        Assert.Equal((3, time.GetUtcNow() + options.ConfirmationLifetime), (stored.Document.Planned, stored.Document.ExpiresAt));
        queue.Verify(q => q.EnqueueAsync(It.IsAny<CleanupWorkMessage>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Confirming_with_the_token_enqueues_the_run_once()
    {
        Resolve("a", "b");
        var plan = await Service().PlanAsync(Scope, CancellationToken.None);

        var confirmed = await Service().ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);

        Assert.Equal(OperatorStatus.Accepted, confirmed.Status);
        Assert.Equal((CleanupRunState.Confirmed, true), (stored!.Document.State, stored.Document.ExpansionQueued));
        queue.Verify(q => q.EnqueueAsync(new CleanupWorkMessage(plan.RunId!, null), TimeSpan.Zero, It.IsAny<CancellationToken>()), Times.Once);
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
    public async Task A_second_confirmation_of_the_same_run_enqueues_nothing_more()
    {
        Resolve("a", "b");
        var plan = await Service().PlanAsync(Scope, CancellationToken.None);
        await Service().ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);
        time.Advance(options.ConfirmationLifetime + TimeSpan.FromHours(1));

        var again = await Service().ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);

        Assert.Equal(OperatorStatus.Ok, again.Status);
        Assert.Equal(2, again.Body!.Planned);
        queue.Verify(q => q.EnqueueAsync(It.IsAny<CleanupWorkMessage>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_confirmation_that_loses_the_race_to_another_enqueues_nothing()
    {
        Resolve("a");
        var plan = await Service().PlanAsync(Scope, CancellationToken.None);
        var planned = stored!;
        resolver.Setup(r => r.ResolveAsync(Scope, It.IsAny<CancellationToken>()))
            .Callback(() => stored = new(planned.Document with { State = CleanupRunState.Confirmed, ConfirmedAt = time.GetUtcNow(), ExpansionQueued = true }, NextETag()))
            .ReturnsAsync(Resolution("a"));

        var confirmed = await Service().ConfirmAsync(plan.ConfirmationToken!, CancellationToken.None);

        Assert.Equal(OperatorStatus.Ok, confirmed.Status);
        queue.Verify(q => q.EnqueueAsync(It.IsAny<CleanupWorkMessage>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
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

    private CleanupService Service() => new(resolver.Object, runs.Object, queue.Object, Options.Create(options), time);

    private void Resolve(params string[] ids) =>
        resolver.Setup(r => r.ResolveAsync(Scope, It.IsAny<CancellationToken>())).ReturnsAsync(Resolution(ids));

    private static CleanupResolution Resolution(params string[] ids) =>
        new([.. ids.Select(id => new CleanupTarget(id, "APPROVAL-X", true, false))], []);

    private void AssertNothingExecuted()
    {
        Assert.Equal(CleanupRunState.Planned, stored!.Document.State);
        queue.Verify(q => q.EnqueueAsync(It.IsAny<CleanupWorkMessage>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private ETag NextETag() => new($"W/\"{++etagCounter}\"");
}
