using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Feishu.Client;

/// <summary>
/// This host's share of Feishu's app-wide limits: <c>CallsPerSecond / MaxHostCount</c> in any second and
/// <c>CallsPerMinute / MaxHostCount</c> in any minute, both enforced. Callers wait in a first-come queue rather
/// than fail. One singleton per host, disposed with the container (queued callers then fail).
/// </summary>
/// <remarks>
/// A budget smaller than the host count gives each host one call per correspondingly longer window
/// (40/s over 100 hosts: one call in any 3 s).
/// </remarks>
internal sealed class FeishuRateLimiter : IAsyncDisposable, IDisposable
{
    private readonly SlidingLogRateLimiter limiter;
    private readonly FeishuTelemetry telemetry;

    public FeishuRateLimiter(IOptions<FeishuOptions> options, TimeProvider time, FeishuTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(telemetry);
        this.telemetry = telemetry;
        var limits = options.Value.RateLimit;
        PerSecondShare = HostShare.Of(limits.CallsPerSecond, limits.MaxHostCount, TimeSpan.FromSeconds(1));
        PerMinuteShare = HostShare.Of(limits.CallsPerMinute, limits.MaxHostCount, TimeSpan.FromMinutes(1));
        limiter = new SlidingLogRateLimiter(
            [new RateWindow(PerSecondShare.Calls, PerSecondShare.Window), new RateWindow(PerMinuteShare.Calls, PerMinuteShare.Window)],
            time);
    }

    public HostShare PerSecondShare { get; }

    public HostShare PerMinuteShare { get; }

    /// <summary>Waits until both windows have room for one more request, then uses it.</summary>
    /// <exception cref="ObjectDisposedException">The host is shutting down.</exception>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        // Window permits are spent, not returned, so the leases are disposed at once.
        using (var immediate = limiter.AttemptAcquire())
        {
            if (immediate.IsAcquired)
            {
                return;
            }
        }

        telemetry.WaitingForOutboundLimiter();
        using var lease = await limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            throw new ObjectDisposedException(nameof(FeishuRateLimiter), "The Feishu outbound rate limiter was disposed while a call waited for it.");
        }
    }

    public void Dispose() => limiter.Dispose();

    public ValueTask DisposeAsync() => limiter.DisposeAsync();
}

/// <summary>How many calls this host may make per window.</summary>
internal readonly record struct HostShare(int Calls, TimeSpan Window)
{
    public static HostShare Of(int appWideCalls, int maxHostCount, TimeSpan window) =>
        appWideCalls >= maxHostCount
            ? new HostShare(appWideCalls / maxHostCount, window)
            : new HostShare(1, window * Math.Ceiling((double)maxHostCount / appWideCalls));
}
