using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Feishu.Client;

/// <summary>
/// This host's share of Feishu's app-wide limits: <c>CallsPerSecond / MaxHostCount</c> per second and
/// <c>CallsPerMinute / MaxHostCount</c> per minute, both enforced. Callers wait in a first-come queue rather
/// than fail. One singleton per host, disposed with the container.
/// </summary>
/// <remarks>
/// Sliding windows (10 segments per second, 60 per minute) keep bursts at window edges small. The windows
/// move on timers of the injected <see cref="TimeProvider"/> instead of the limiter's own wall-clock timer, so
/// that tests drive them with a fake clock. A budget smaller than the host count gives each host one call per
/// correspondingly longer window (40/s over 100 hosts: one call per 3 s).
/// </remarks>
internal sealed class FeishuRateLimiter : IAsyncDisposable, IDisposable
{
    private const int SegmentsPerSecondWindow = 10;
    private const int SegmentsPerMinuteWindow = 60;

    private readonly SlidingWindowRateLimiter perSecond;
    private readonly SlidingWindowRateLimiter perMinute;
    private readonly ITimer perSecondTimer;
    private readonly ITimer perMinuteTimer;
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
        (perSecond, perSecondTimer) = Create(PerSecondShare, SegmentsPerSecondWindow, time);
        (perMinute, perMinuteTimer) = Create(PerMinuteShare, SegmentsPerMinuteWindow, time);
    }

    public HostShare PerSecondShare { get; }

    public HostShare PerMinuteShare { get; }

    /// <summary>Waits until both windows have room for one more request, then uses it.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        await AcquireAsync(perMinute, cancellationToken);
        await AcquireAsync(perSecond, cancellationToken);
    }

    public void Dispose()
    {
        perSecondTimer.Dispose();
        perMinuteTimer.Dispose();
        perSecond.Dispose();
        perMinute.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await perSecondTimer.DisposeAsync();
        await perMinuteTimer.DisposeAsync();
        await perSecond.DisposeAsync();
        await perMinute.DisposeAsync();
    }

    private async ValueTask AcquireAsync(RateLimiter limiter, CancellationToken cancellationToken)
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

    private static (SlidingWindowRateLimiter Limiter, ITimer Timer) Create(HostShare share, int segments, TimeProvider time)
    {
        var limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = share.Calls,
            Window = share.Window,
            SegmentsPerWindow = segments,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = false,
        });
        var segment = share.Window / segments;
        var timer = time.CreateTimer(static state => ((SlidingWindowRateLimiter)state!).TryReplenish(), limiter, segment, segment);
        return (limiter, timer);
    }
}

/// <summary>How many calls this host may make per window.</summary>
internal readonly record struct HostShare(int Calls, TimeSpan Window)
{
    public static HostShare Of(int appWideCalls, int maxHostCount, TimeSpan window) =>
        appWideCalls >= maxHostCount
            ? new HostShare(appWideCalls / maxHostCount, window)
            : new HostShare(1, window * Math.Ceiling((double)maxHostCount / appWideCalls));
}
