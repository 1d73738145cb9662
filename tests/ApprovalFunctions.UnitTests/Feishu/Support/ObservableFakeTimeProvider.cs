using Microsoft.Extensions.Time.Testing;

namespace ApprovalFunctions.UnitTests.Feishu.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells when a one-shot timer (a delay or a timeout) is created, so that
/// a test advances the clock only once the code under test is really waiting on it.
/// </summary>
public sealed class ObservableFakeTimeProvider : FakeTimeProvider
{
    private readonly Lock gate = new();
    private readonly List<TimeSpan> oneShotTimers = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource<TimeSpan> Signal)> waiters = [];

    public ObservableFakeTimeProvider()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Due times of every one-shot timer created so far.</summary>
    public IReadOnlyList<TimeSpan> OneShotTimers
    {
        get
        {
            lock (gate)
            {
                return [.. oneShotTimers];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (period == Timeout.InfiniteTimeSpan)
        {
            List<TaskCompletionSource<TimeSpan>> matched = [];
            lock (gate)
            {
                oneShotTimers.Add(dueTime);
                for (var i = waiters.Count - 1; i >= 0; i--)
                {
                    if (waiters[i].Match(dueTime))
                    {
                        matched.Add(waiters[i].Signal);
                        waiters.RemoveAt(i);
                    }
                }
            }

            matched.ForEach(signal => signal.TrySetResult(dueTime));
        }

        return timer;
    }

    /// <summary>Completes when a one-shot timer whose due time matches has been created (earlier ones count too, unless skipped).</summary>
    public Task<TimeSpan> WaitForOneShotTimerAsync(Func<TimeSpan, bool> match, int skipExisting = 0)
    {
        var signal = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            var existing = oneShotTimers.Where(match).Skip(skipExisting).Cast<TimeSpan?>().FirstOrDefault();
            if (existing is { } due)
            {
                return Task.FromResult(due);
            }

            waiters.Add((match, signal));
        }

        return signal.Task.WaitAsync(TestTimeouts.Signal);
    }

    public Task<TimeSpan> WaitForOneShotTimerAsync(TimeSpan dueTime, int skipExisting = 0) =>
        WaitForOneShotTimerAsync(due => due == dueTime, skipExisting);
}

/// <summary>Real-time bounds for waiting on signals, so that a broken test fails instead of hanging.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Signal = TimeSpan.FromSeconds(10);
}
