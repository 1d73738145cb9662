using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.UnitTests.Feishu.Support;

namespace ApprovalFunctions.UnitTests.Feishu;

public sealed class SlidingLogRateLimiterTests
{
    [Fact]
    public async Task No_window_of_either_length_ever_holds_more_than_its_permits()
    {
        var time = new ObservableFakeTimeProvider();
        using var limiter = new SlidingLogRateLimiter([new RateWindow(3, TimeSpan.FromSeconds(1)), new RateWindow(5, TimeSpan.FromSeconds(10))], time);
        // Each grant completes its task inside the timer callback of Advance, so it is recorded at the time it happened,
        // whatever thread later runs the awaiting code (xunit's synchronization context may run it a step later).
        var acquisitions = Enumerable.Range(0, 20).Select(_ => limiter.AcquireAsync(1).AsTask()).ToList();
        var grantedAt = new DateTimeOffset?[acquisitions.Count];
        void RecordGrants()
        {
            for (var i = 0; i < acquisitions.Count; i++)
            {
                if (grantedAt[i] is null && acquisitions[i].IsCompleted)
                {
                    grantedAt[i] = time.GetUtcNow();
                }
            }
        }

        RecordGrants();
        for (var step = 0; step < 500 && grantedAt.Any(g => g is null); step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            RecordGrants();
        }

        var leases = await Task.WhenAll(acquisitions).WaitAsync(TestTimeouts.Signal);
        Assert.All(leases, lease => Assert.True(lease.IsAcquired));
        foreach (var lease in leases)
        {
            lease.Dispose();
        }

        var grants = grantedAt.Select(g => g!.Value).ToList();
        Assert.Equal(20, grants.Count);
        foreach (var grant in grants)
        {
            Assert.True(grants.Count(g => g > grant - TimeSpan.FromSeconds(1) && g <= grant) <= 3, "more than 3 grants in one second");
            Assert.True(grants.Count(g => g > grant - TimeSpan.FromSeconds(10) && g <= grant) <= 5, "more than 5 grants in ten seconds");
        }

        // Both limits fully used: 3 at once (per second), 2 a second later (5 per 10 s), again every 10 s.
        var start = grants.Min();
        int[] expectedSeconds = [0, 0, 0, 1, 1, 10, 10, 10, 11, 11, 20, 20, 20, 21, 21, 30, 30, 30, 31, 31];
        Assert.Equal(expectedSeconds.Select(s => TimeSpan.FromSeconds(s)), grants.Order().Select(g => g - start));
    }

    [Fact]
    public async Task Attempt_does_not_jump_the_queue()
    {
        var time = new ObservableFakeTimeProvider();
        using var limiter = new SlidingLogRateLimiter([new RateWindow(1, TimeSpan.FromSeconds(1))], time);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        var queued = limiter.AcquireAsync(1).AsTask();

        time.Advance(TimeSpan.FromSeconds(1));
        var late = limiter.AttemptAcquire();

        Assert.False(late.IsAcquired);
        Assert.True((await queued.WaitAsync(TestTimeouts.Signal)).IsAcquired);
    }

    [Fact]
    public void Request_for_more_permits_than_a_window_holds_is_refused_with_a_clear_error()
    {
        using var limiter = new SlidingLogRateLimiter([new RateWindow(2, TimeSpan.FromSeconds(1))], new ObservableFakeTimeProvider());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => limiter.AttemptAcquire(3));

        Assert.Equal("permitCount", error.ParamName);
    }
}
