using System.Net;
using FeishuEmulator.Configuration;
using FeishuEmulator.Tests.Emulator.Infrastructure;
using static FeishuEmulator.Tests.Emulator.Infrastructure.Payloads;

namespace FeishuEmulator.Tests.Emulator;

/// <summary>approval-api.md §6: per-API limits per second and per minute, answered 429 / 99991400 with the ogw headers.</summary>
public sealed class RateLimitTests : EmulatorTest
{
    protected override FeishuEmulatorOptions Options => new() { RateLimitPerSecond = 3, RateLimitPerMinute = 5 };

    [Fact]
    public async Task Calls_over_the_per_second_limit_get_429_with_code_99991400_and_the_seconds_until_the_window_resets()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, (await Emulator.SyncAsync(Instance($"inst-{i}", T0))).Code);
        }

        var refused = await Emulator.SyncAsync(Instance("inst-over", T0));

        Assert.Equal((HttpStatusCode.TooManyRequests, 99991400), (refused.Status, refused.Code));
        Assert.Equal("3", refused.Header("x-ogw-ratelimit-limit"));
        // The clock stands at 12:00:00.250: the second window resets in 0.75 s, told as 1 whole second.
        Assert.Equal("1", refused.Header("x-ogw-ratelimit-reset"));
        Assert.Null(Emulator.Server.State.FindInstance("inst-over"));
        Assert.Equal(1, Emulator.Server.Stats.Snapshot().RateLimited);
    }

    [Fact]
    public async Task Waiting_for_the_reset_opens_the_window_again()
    {
        for (var i = 0; i < 4; i++)
        {
            await Emulator.SyncAsync(Instance($"inst-{i}", T0));
        }

        Emulator.Clock!.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, (await Emulator.SyncAsync(Instance("inst-later", T0))).Code);
    }

    [Fact]
    public async Task Calls_over_the_per_minute_limit_get_429_with_the_seconds_until_the_minute_ends()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(0, (await Emulator.SyncAsync(Instance($"inst-{i}", T0))).Code);
            Emulator.Clock!.Advance(TimeSpan.FromSeconds(2));
        }

        // Now 12:00:10.250: the minute window ends in 49.75 s.
        var refused = await Emulator.SyncAsync(Instance("inst-over", T0));

        Assert.Equal((HttpStatusCode.TooManyRequests, 99991400), (refused.Status, refused.Code));
        Assert.Equal("5", refused.Header("x-ogw-ratelimit-limit"));
        Assert.Equal("50", refused.Header("x-ogw-ratelimit-reset"));
        Emulator.Clock!.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(0, (await Emulator.SyncAsync(Instance("inst-next-minute", T0))).Code);
    }

    [Fact]
    public async Task Each_api_has_its_own_limit()
    {
        for (var i = 0; i < 4; i++)
        {
            await Emulator.SyncAsync(Instance($"inst-{i}", T0));
        }

        var check = await Emulator.CheckAsync(Check(("inst-0", T0, [])));

        Assert.Equal(0, check.Code);
    }

    [Fact]
    public async Task The_token_call_is_not_limited()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(0, (await Emulator.RequestTokenAsync()).Code);
        }
    }
}
