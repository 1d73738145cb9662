using System.Globalization;
using ApprovalFunctions.Feishu.Client;
using FeishuEmulator.Configuration;
using FeishuEmulator.Protocol;
using FeishuEmulator.Tests.Client.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FeishuEmulator.Tests.Client;

/// <summary>The client against the emulator's real per-second and per-minute limits (429 / 99991400).</summary>
public sealed class RateLimitTests
{
    /// <summary>On a whole second and a whole minute, so the emulator's windows reset in exactly 1 s and 60 s.</summary>
    private static readonly DateTimeOffset WindowStart = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// .NET timers count whole milliseconds of a coarser clock than the stopwatch the wire log uses, so a delay of
    /// exactly 1 s may measure a fraction of a millisecond short.
    /// </summary>
    private static readonly TimeSpan TimerResolution = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task Burst_over_Feishus_limit_waits_out_x_ogw_ratelimit_reset_and_every_call_succeeds()
    {
        // The emulator's second stands still until the test moves it, so the burst meets one known window; the
        // client waits in real time, as it would for Feishu.
        var emulatorClock = new FakeTimeProvider(WindowStart);
        await using var feishu = await EmulatedFeishu.StartAsync(
            new FeishuEmulatorOptions { RateLimitPerSecond = 2 },
            emulatorClock,
            clientSettings: EmulatedFeishu.Settings(("RateLimit:CallsPerSecond", 10)));
        using var retries = feishu.Metric(FeishuMetrics.Retries);
        using var waits = feishu.Metric(FeishuMetrics.RateLimitWaits);

        var burst = Task.WhenAll(Enumerable.Range(0, 4).Select(i => feishu.Client.SyncInstanceAsync(Samples.Instance($"burst-{i}"), default)));
        await feishu.Wire.WaitUntilAsync(log => log.Count(exchange => exchange.Status == 429) == 2);
        emulatorClock.Advance(TimeSpan.FromSeconds(1));
        await burst.WaitAsync(EmulatedFeishu.SignalTimeout);

        var stats = feishu.Emulator.Stats.Snapshot();
        Assert.Equal(2, stats.RateLimited);
        Assert.Equal(6, stats.CallsTo(FeishuEndpointNames.Sync));
        Assert.Equal(4, feishu.Emulator.State.Instances.Count);
        Assert.Equal(2, retries.Sum("reason", "rate_limit_reset"));
        Assert.Equal(2, retries.Sum());
        Assert.Equal(2, waits.Sum("source", "feishu"));

        var limited = feishu.Wire.To(FeishuEndpointNames.SyncPath).Where(exchange => exchange.Status == 429).ToList();
        Assert.Equal(2, limited.Count);
        Assert.All(limited, refused =>
        {
            var reset = TimeSpan.FromSeconds(int.Parse(refused.RateLimitReset!, CultureInfo.InvariantCulture));
            Assert.Equal(TimeSpan.FromSeconds(1), reset);
            var retry = Assert.Single(feishu.Wire.To(FeishuEndpointNames.SyncPath), exchange => exchange.InstanceId == refused.InstanceId && exchange.SentAt > refused.SentAt);
            Assert.Equal(200, retry.Status);
            Assert.True(refused.AnswerTo(retry) >= reset - TimerResolution, $"retried {refused.AnswerTo(retry).TotalMilliseconds} ms after the 429; Feishu asked for {reset.TotalMilliseconds} ms");
        });
    }

    [Fact]
    public async Task Reset_longer_than_MaxRateLimitWait_fails_as_Transient_with_RetryAfter_and_no_retry()
    {
        var emulatorClock = new FakeTimeProvider(WindowStart);
        await using var feishu = await EmulatedFeishu.StartAsync(
            new FeishuEmulatorOptions { RateLimitPerMinute = 2 },
            emulatorClock,
            clientSettings: EmulatedFeishu.Settings(("MaxRateLimitWait", "00:00:10")));
        await feishu.Client.SyncInstanceAsync(Samples.Instance("within-1"), default);
        await feishu.Client.SyncInstanceAsync(Samples.Instance("within-2"), default);

        var error = await Assert.ThrowsAsync<FeishuApiException>(() => feishu.Client.SyncInstanceAsync(Samples.Instance("over"), default));

        Assert.Equal(FeishuErrorKind.Transient, error.Kind);
        Assert.Equal(FeishuErrorCodes.RateLimited, error.Code);
        Assert.Equal(429, error.HttpStatus);
        Assert.Equal(TimeSpan.FromSeconds(60), error.RetryAfter);
        var refused = feishu.Wire.To(FeishuEndpointNames.SyncPath)[^1];
        Assert.Equal("60", refused.RateLimitReset);
        Assert.Equal(refused.LogId, error.LogId);
        var stats = feishu.Emulator.Stats.Snapshot();
        Assert.Equal(3, stats.CallsTo(FeishuEndpointNames.Sync));
        Assert.Equal(1, stats.RateLimited);
    }
}
