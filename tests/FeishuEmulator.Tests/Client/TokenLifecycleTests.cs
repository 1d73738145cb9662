using ApprovalFunctions.Feishu.Client;
using FeishuEmulator.Configuration;
using FeishuEmulator.Protocol;
using FeishuEmulator.Tests.Client.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FeishuEmulator.Tests.Client;

/// <summary>The client's tenant token cache against the emulator's token rules (2 h lifetime, reuse above 30 min left).</summary>
public sealed class TokenLifecycleTests
{
    private const int Concurrency = 50;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The client refreshes this long after fetching a token: Feishu's expire less the SDKs' 3-minute margin.</summary>
    private static readonly TimeSpan CachedFor = TimeSpan.FromHours(2) - TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Fifty_concurrent_calls_without_a_token_share_one_token_request()
    {
        var clock = new FakeTimeProvider(Start);
        await using var feishu = await EmulatedFeishu.StartAsync(Tenant(), clock, clock);

        await SyncConcurrentlyAsync(feishu, "first");

        var stats = feishu.Emulator.Stats.Snapshot();
        Assert.Equal(1, stats.CallsTo(FeishuEndpointNames.Token));
        Assert.Equal(Concurrency, stats.CallsTo(FeishuEndpointNames.Sync));
        Assert.Equal(Concurrency, stats.SyncApplied);
        Assert.Single(feishu.Wire.To(FeishuEndpointNames.SyncPath).Select(exchange => exchange.Token).Distinct());
    }

    [Fact]
    public async Task Token_is_reused_until_three_minutes_before_expiry_then_fifty_concurrent_calls_refresh_it_once()
    {
        // One clock for both sides: the token expires for the client and the emulator alike.
        var clock = new FakeTimeProvider(Start);
        await using var feishu = await EmulatedFeishu.StartAsync(Tenant(), clock, clock);
        await SyncConcurrentlyAsync(feishu, "fresh");

        clock.Advance(CachedFor - TimeSpan.FromSeconds(1));
        await SyncConcurrentlyAsync(feishu, "still-cached");
        Assert.Equal(1, feishu.Emulator.Stats.Snapshot().CallsTo(FeishuEndpointNames.Token));

        clock.Advance(TimeSpan.FromSeconds(1));
        await SyncConcurrentlyAsync(feishu, "refreshed");

        var stats = feishu.Emulator.Stats.Snapshot();
        Assert.Equal(2, stats.CallsTo(FeishuEndpointNames.Token));
        Assert.Equal(3 * Concurrency, stats.CallsTo(FeishuEndpointNames.Sync));
        Assert.Equal(0, stats.Rejected);
        var tokens = TokensByBatch(feishu);
        Assert.Equal(tokens["fresh"], tokens["still-cached"]);
        Assert.NotEqual(tokens["fresh"], tokens["refreshed"]);
    }

    [Fact]
    public async Task Token_the_emulator_no_longer_accepts_is_refreshed_once_and_each_call_retried_once()
    {
        // The emulator's clock runs past the token's expiry while the client's stands still, so the client
        // sends a token it believes valid and Feishu answers 99991665.
        var emulatorClock = new FakeTimeProvider(Start);
        var clientClock = new FakeTimeProvider(Start);
        await using var feishu = await EmulatedFeishu.StartAsync(Tenant(), emulatorClock, clientClock);
        await feishu.Client.SyncInstanceAsync(Samples.Instance("before-expiry"), default);
        using var retries = feishu.Metric(FeishuMetrics.Retries);
        using var tokenRequests = feishu.Metric(FeishuMetrics.TokenRequests);

        emulatorClock.Advance(TimeSpan.FromHours(2));

        // The emulator holds every request (latency on its fake clock) until all 50 have arrived, so that each
        // went out with the old token before the first refusal came back.
        feishu.Emulator.Faults.LatencyMs = 1;
        var calls = SyncConcurrentlyAsync(feishu, "after-expiry");
        await feishu.WaitForEmulatorAsync(emulator => emulator.CallsTo(FeishuEndpointNames.Sync) == 1 + Concurrency);
        feishu.Emulator.Faults.LatencyMs = 0;
        emulatorClock.Advance(TimeSpan.FromMilliseconds(1));
        await calls.WaitAsync(EmulatedFeishu.SignalTimeout);

        var stats = feishu.Emulator.Stats.Snapshot();
        Assert.Equal(2, stats.CallsTo(FeishuEndpointNames.Token));
        Assert.Equal(Concurrency, stats.Rejected);
        Assert.Equal(1 + (2 * Concurrency), stats.CallsTo(FeishuEndpointNames.Sync));
        Assert.Equal(1 + Concurrency, stats.SyncApplied);
        Assert.Equal(Concurrency, retries.Sum("reason", "token_refresh"));
        Assert.Equal(Concurrency, retries.Sum());
        Assert.Equal(1, tokenRequests.Sum("outcome", "success"));

        // Every call went out once with the old token, was refused, and once more with the new one.
        var attempts = feishu.Wire.To(FeishuEndpointNames.SyncPath).Where(exchange => exchange.InstanceId!.StartsWith("after-expiry", StringComparison.Ordinal)).ToList();
        var oldToken = feishu.Wire.To(FeishuEndpointNames.SyncPath).Single(exchange => exchange.InstanceId == "before-expiry").Token;
        Assert.All(attempts.GroupBy(exchange => exchange.InstanceId), call =>
        {
            Assert.Equal(new[] { (oldToken, 400), (call.Last().Token, 200) }, call.Select(exchange => (exchange.Token, exchange.Status!.Value)));
            Assert.NotEqual(oldToken, call.Last().Token);
        });
    }

    /// <summary>Rate limiting is not what these tests are about: the emulator's limits stay out of the way.</summary>
    private static FeishuEmulatorOptions Tenant() => new() { RateLimitPerSecond = 10_000, RateLimitPerMinute = 100_000 };

    private static async Task SyncConcurrentlyAsync(EmulatedFeishu feishu, string batch)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, Concurrency)
            .Select(i => feishu.Client.SyncInstanceAsync(Samples.Instance($"{batch}-{i}"), default)));
        Assert.All(results, result => Assert.NotNull(result.LogId));
    }

    /// <summary>The one token each batch of calls used.</summary>
    private static Dictionary<string, string?> TokensByBatch(EmulatedFeishu feishu) =>
        feishu.Wire.To(FeishuEndpointNames.SyncPath)
            .GroupBy(exchange => exchange.InstanceId![..exchange.InstanceId!.LastIndexOf('-')])
            .ToDictionary(batch => batch.Key, batch => Assert.Single(batch.Select(exchange => exchange.Token).Distinct()));
}
