using FeishuEmulator.Configuration;

namespace FeishuEmulator.Protocol;

/// <summary>
/// Feishu's per-API limits (50/s and 1000/min per app and tenant) as fixed windows on the emulator's clock.
/// </summary>
internal sealed class RateLimiter(FeishuEmulatorOptions options, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Windows> _windowsByEndpoint = new(StringComparer.Ordinal);

    /// <summary>Counts one call; returns null when it is within the limits, else the 429 answer.</summary>
    public FeishuResponse? TryAcquire(string endpoint)
    {
        var nowMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var second = nowMs / 1000;
        var minute = nowMs / 60_000;
        lock (_gate)
        {
            if (!_windowsByEndpoint.TryGetValue(endpoint, out var windows))
            {
                windows = new Windows();
                _windowsByEndpoint[endpoint] = windows;
            }

            if (windows.Minute != minute)
            {
                windows.Minute = minute;
                windows.MinuteCount = 0;
            }

            if (windows.Second != second)
            {
                windows.Second = second;
                windows.SecondCount = 0;
            }

            if (windows.MinuteCount >= options.RateLimitPerMinute)
            {
                return Refuse(options.RateLimitPerMinute, ((minute + 1) * 60_000) - nowMs);
            }

            if (windows.SecondCount >= options.RateLimitPerSecond)
            {
                return Refuse(options.RateLimitPerSecond, ((second + 1) * 1000) - nowMs);
            }

            windows.MinuteCount++;
            windows.SecondCount++;
            return null;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _windowsByEndpoint.Clear();
        }
    }

    internal static FeishuResponse Refuse(int limit, long millisecondsToReset)
    {
        // The header is whole seconds; round up so a client that waits that long finds the window open.
        var resetSeconds = Math.Max(1, (millisecondsToReset + 999) / 1000);
        return FeishuResponse.Error(429, FeishuCodes.RateLimited, "request trigger frequency limit") with
        {
            Headers = new Dictionary<string, string>
            {
                ["x-ogw-ratelimit-limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["x-ogw-ratelimit-reset"] = resetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
    }

    private sealed class Windows
    {
        public long Second { get; set; } = -1;
        public long SecondCount { get; set; }
        public long Minute { get; set; } = -1;
        public long MinuteCount { get; set; }
    }
}
