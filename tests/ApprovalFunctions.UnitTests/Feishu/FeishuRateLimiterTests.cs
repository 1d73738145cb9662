using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.UnitTests.Feishu.Support;

namespace ApprovalFunctions.UnitTests.Feishu;

public sealed class FeishuRateLimiterTests
{
    [Fact]
    public async Task Calls_are_spaced_to_this_hosts_share_of_the_per_second_budget()
    {
        // 10 calls per second across 5 hosts: this host sends 2 per second.
        await using var harness = FeishuClientHarness.Create(("RateLimit:CallsPerSecond", "10"), ("RateLimit:MaxHostCount", "5"));
        await WarmTokenAsync(harness);
        using var waits = harness.Metric(FeishuMetrics.RateLimitWaits);
        var start = harness.Time.GetUtcNow();

        var calls = Enumerable.Range(0, 5).Select(i => harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance($"inst-{i}"), default)).ToList();
        await harness.Handler.WaitForApiRequestsAsync(1 + 2);
        harness.Time.Advance(TimeSpan.FromMilliseconds(900));
        var sentWithinTheFirstSecond = harness.Handler.ApiRequests.Count - 1;
        harness.Time.Advance(TimeSpan.FromMilliseconds(100));
        await harness.Handler.WaitForApiRequestsAsync(1 + 4);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(calls).WaitAsync(TestTimeouts.Signal);

        Assert.Equal(2, sentWithinTheFirstSecond);
        var offsets = harness.Handler.ApiRequests.Skip(1).Select(r => r.At - start).ToList();
        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], offsets);
        Assert.Equal(3, waits.GetMeasurementSnapshot().Count(m => (string?)m.Tags["source"] == "outbound_limiter"));
    }

    [Fact]
    public async Task Calls_beyond_this_hosts_share_of_the_per_minute_budget_wait_for_the_window()
    {
        // 6 calls per minute across 2 hosts: this host sends 3 per minute, however high the per-second budget.
        await using var harness = FeishuClientHarness.Create(("RateLimit:CallsPerMinute", "7"), ("RateLimit:MaxHostCount", "2"), ("RateLimit:CallsPerSecond", "100"));
        var start = harness.Time.GetUtcNow();

        var calls = Enumerable.Range(0, 4).Select(i => harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance($"inst-{i}"), default)).ToList();
        await harness.Handler.WaitForApiRequestsAsync(3);
        harness.Time.Advance(TimeSpan.FromSeconds(59));
        var sentWithinTheFirstMinute = harness.Handler.ApiRequests.Count;
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(calls).WaitAsync(TestTimeouts.Signal);

        Assert.Equal(3, sentWithinTheFirstMinute);
        Assert.Equal(start + TimeSpan.FromMinutes(1), harness.Handler.ApiRequests[3].At);
    }

    [Fact]
    public async Task Retries_take_a_permit_too()
    {
        await using var harness = FeishuClientHarness.Create(("RateLimit:CallsPerSecond", "1"));
        await WarmTokenAsync(harness);
        var start = harness.Time.GetUtcNow();
        harness.Handler.ThenApi(() => FeishuResponses.Error(FeishuErrorCodes.TryAgainLater, "try again later"));

        var call = harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);
        await harness.Handler.WaitForApiRequestsAsync(2);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await call.WaitAsync(TestTimeouts.Signal);

        Assert.Equal(start + TimeSpan.FromSeconds(1), harness.Handler.ApiRequests[2].At);
    }

    [Fact]
    public async Task Caller_cancellation_while_queued_for_a_permit_surfaces_as_OperationCanceledException()
    {
        await using var harness = FeishuClientHarness.Create(("RateLimit:CallsPerSecond", "1"));
        await WarmTokenAsync(harness);
        await harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance("uses-this-seconds-permit"), default);
        using var cancellation = new CancellationTokenSource();

        var queued = harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), cancellation.Token);
        await cancellation.CancelAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(TestTimeouts.Signal));
        Assert.Equal(2, harness.Handler.ApiRequests.Count);
    }

    [Theory]
    [InlineData(40, 1, 40, 1)]
    [InlineData(40, 3, 13, 1)]
    [InlineData(900, 10, 90, 60)]
    [InlineData(40, 100, 1, 3)]
    public void Host_share_divides_the_app_budget_and_stretches_the_window_when_hosts_outnumber_calls(int appCalls, int hosts, int expectedCalls, int expectedWindowSeconds)
    {
        var window = appCalls == 900 ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(1);

        var share = HostShare.Of(appCalls, hosts, window);

        Assert.Equal(new HostShare(expectedCalls, TimeSpan.FromSeconds(expectedWindowSeconds)), share);
    }

    [Fact]
    public async Task Limiter_disposed_with_the_container_fails_queued_calls_instead_of_leaving_them_hanging()
    {
        var harness = FeishuClientHarness.Create(("RateLimit:CallsPerSecond", "1"));
        await WarmTokenAsync(harness);
        await harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance("uses-this-seconds-permit"), default);

        var queued = harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);
        await harness.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => queued.WaitAsync(TestTimeouts.Signal));
    }

    /// <summary>One call so that the token is cached and its request is out of the way, then past every window.</summary>
    private static async Task WarmTokenAsync(FeishuClientHarness harness)
    {
        await harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance("warm-up"), default);
        Assert.Single(harness.Handler.TokenRequests);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
    }
}
