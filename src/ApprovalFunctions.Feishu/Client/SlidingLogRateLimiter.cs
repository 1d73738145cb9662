using System.Threading.RateLimiting;

namespace ApprovalFunctions.Feishu.Client;

/// <summary>One limit of a <see cref="SlidingLogRateLimiter"/>: at most <see cref="Permits"/> in any <see cref="Window"/>.</summary>
internal readonly record struct RateWindow(int Permits, TimeSpan Window);

/// <summary>
/// A <see cref="RateLimiter"/> that grants at most N permits in any window of length W, for several (N, W) at
/// once, measured on a <see cref="TimeProvider"/>. It keeps the times of recent grants (a sliding log), so the
/// limits hold exactly, with no burst at window edges; waiters queue first come, first served, without bound.
/// </summary>
/// <remarks>
/// The in-box limiters measure time with <see cref="System.Diagnostics.Stopwatch"/> even when replenished by
/// hand, so a fake clock cannot drive them; this one has no timer at all while nobody waits.
/// </remarks>
internal sealed partial class SlidingLogRateLimiter : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true);
    private static readonly RateLimitLease Refused = new Lease(false);

    private readonly RateWindow[] limits;
    private readonly TimeProvider time;
    private readonly long longestWindow;
    private readonly Lock gate = new();
    private readonly List<long> grants = [];
    private readonly LinkedList<Waiter> waiters = new();
    private readonly ITimer timer;
    private int firstGrant;
    private long successfulLeases;
    private long failedLeases;
    private long? idleSince;
    private bool disposed;

    public SlidingLogRateLimiter(IReadOnlyCollection<RateWindow> limits, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(time);
        if (limits.Count == 0 || limits.Any(limit => limit.Permits < 1 || limit.Window <= TimeSpan.Zero))
        {
            throw new ArgumentException("Every limit needs at least one permit and a positive window.", nameof(limits));
        }

        this.limits = [.. limits];
        this.time = time;
        longestWindow = this.limits.Max(limit => ToTimestampTicks(limit.Window));
        MaxPermits = this.limits.Min(limit => limit.Permits);
        idleSince = time.GetTimestamp();
        timer = time.CreateTimer(static state => ((SlidingLogRateLimiter)state!).GrantWaiting(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The most permits one request can ask for.</summary>
    public int MaxPermits { get; }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (gate)
            {
                return idleSince is { } since ? time.GetElapsedTime(since) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = limits.Min(limit => limit.Permits - CountWithin(limit, now)),
                CurrentQueuedCount = waiters.Sum(waiter => waiter.Permits),
                TotalSuccessfulLeases = successfulLeases,
                TotalFailedLeases = failedLeases,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermitCount(permitCount);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (waiters.Count == 0 && TryGrant(permitCount, time.GetTimestamp()))
            {
                return Granted;
            }

            failedLeases++;
            return Refused;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermitCount(permitCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (waiters.Count == 0 && TryGrant(permitCount, time.GetTimestamp()))
            {
                return ValueTask.FromResult(Granted);
            }

            var waiter = new Waiter(permitCount);
            var node = waiters.AddLast(waiter);
            idleSince = null;
            if (cancellationToken.CanBeCanceled)
            {
                waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancelled(token), waiter);
                waiter.OnCancelled = () => Remove(node);
            }

            if (node == waiters.First)
            {
                ScheduleFor(waiter.Permits, time.GetTimestamp());
            }

            return new ValueTask<RateLimitLease>(waiter.Completion.Task);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        List<Waiter> abandoned;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            abandoned = [.. waiters];
            waiters.Clear();
        }

        timer.Dispose();
        foreach (var waiter in abandoned)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult(Refused);
        }
    }

    protected override ValueTask DisposeAsyncCore()
    {
        Dispose(true);
        return ValueTask.CompletedTask;
    }

    private void GrantWaiting()
    {
        // Registrations are disposed outside the lock: disposing waits for a running cancellation callback,
        // which itself waits for the lock.
        List<CancellationTokenRegistration> finished = [];
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            var now = time.GetTimestamp();
            while (waiters.First is { } head)
            {
                var waiter = head.Value;
                if (waiter.Completion.Task.IsCompleted)
                {
                    waiters.RemoveFirst();
                    finished.Add(waiter.Registration);
                    continue;
                }

                if (!TryGrant(waiter.Permits, now))
                {
                    ScheduleFor(waiter.Permits, now);
                    break;
                }

                waiters.RemoveFirst();
                finished.Add(waiter.Registration);
                if (!waiter.Completion.TrySetResult(Granted))
                {
                    // Cancelled between the check and now: give the permits back.
                    grants.RemoveRange(grants.Count - waiter.Permits, waiter.Permits);
                    successfulLeases--;
                }
            }
        }

        finished.ForEach(registration => registration.Dispose());
    }

    private void Remove(LinkedListNode<Waiter> node)
    {
        lock (gate)
        {
            if (node.List is not null)
            {
                waiters.Remove(node);
            }
        }
    }

    /// <summary>Grants <paramref name="permits"/> at <paramref name="now"/> when every window has room for them.</summary>
    private bool TryGrant(int permits, long now)
    {
        Prune(now);
        foreach (var limit in limits)
        {
            if (CountWithin(limit, now) + permits > limit.Permits)
            {
                return false;
            }
        }

        for (var i = 0; i < permits; i++)
        {
            grants.Add(now);
        }

        successfulLeases++;
        idleSince = null;
        return true;
    }

    /// <summary>Sets the timer to the first moment every window has room for <paramref name="permits"/>.</summary>
    private void ScheduleFor(int permits, long now)
    {
        var availableAt = now;
        foreach (var limit in limits)
        {
            // The grant that must leave the window before this request fits: the (N - permits + 1)-th most recent.
            var mustExpire = grants.Count - firstGrant - (limit.Permits - permits + 1);
            if (mustExpire >= 0)
            {
                availableAt = Math.Max(availableAt, grants[firstGrant + mustExpire] + ToTimestampTicks(limit.Window));
            }
        }

        var delayTicks = availableAt - now;
        var delay = TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling(delayTicks * (double)TimeSpan.TicksPerSecond / time.TimestampFrequency)));
        timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private int CountWithin(RateWindow limit, long now)
    {
        var windowStart = now - ToTimestampTicks(limit.Window);
        var count = 0;
        for (var i = grants.Count - 1; i >= firstGrant && grants[i] > windowStart; i--)
        {
            count++;
        }

        return count;
    }

    private void Prune(long now)
    {
        var oldestKept = now - longestWindow;
        while (firstGrant < grants.Count && grants[firstGrant] <= oldestKept)
        {
            firstGrant++;
        }

        if (firstGrant > 0 && firstGrant >= grants.Count / 2)
        {
            grants.RemoveRange(0, firstGrant);
            firstGrant = 0;
        }

        if (grants.Count == firstGrant && waiters.Count == 0)
        {
            idleSince ??= now;
        }
    }

    private long ToTimestampTicks(TimeSpan span) => (long)(span.Ticks * (double)time.TimestampFrequency / TimeSpan.TicksPerSecond);

    private void CheckPermitCount(int permitCount)
    {
        if (permitCount < 0 || permitCount > MaxPermits)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"A request may ask for 0 to {MaxPermits} permits.");
        }
    }
}
