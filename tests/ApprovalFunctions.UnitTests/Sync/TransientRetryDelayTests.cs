using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace ApprovalFunctions.UnitTests.Sync;

public sealed class TransientRetryDelayTests : IDisposable
{
    private readonly ServiceProvider metricsProvider = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => metricsProvider.Dispose();

    [Fact]
    public void Delay_doubles_per_attempt_within_the_jitter_and_is_capped()
    {
        var engine = Engine(new SyncOptions { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(20) });

        for (var attempt = 0; attempt < 8; attempt++)
        {
            var expected = Math.Min(Math.Pow(2, attempt), 20);
            for (var sample = 0; sample < 50; sample++)
            {
                var delay = engine.TransientRetryDelay(attempt, retryAfter: null).TotalSeconds;
                Assert.InRange(delay, Math.Min(expected * 0.8, 20), Math.Min(expected * 1.2, 20));
            }
        }
    }

    [Fact]
    public void Feishus_longer_reset_time_wins()
    {
        var engine = Engine(new SyncOptions { RetryBaseDelay = TimeSpan.FromSeconds(1) });

        Assert.Equal(TimeSpan.FromSeconds(45), engine.TransientRetryDelay(0, TimeSpan.FromSeconds(45)));
        Assert.True(engine.TransientRetryDelay(5, TimeSpan.FromMilliseconds(1)) > TimeSpan.FromSeconds(20));
    }

    private InstanceSyncEngine Engine(SyncOptions options) => new(
        Mock.Of<IInstanceStateStore>(),
        Mock.Of<IFeishuApprovalClient>(),
        Mock.Of<ISyncQueue>(),
        new SyncPlanner(),
        Options.Create(options),
        new ApprovalMetrics(metricsProvider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
        TimeProvider.System,
        Timeline.UnitTestTimeline.Create(TimeProvider.System),
        NullLogger<InstanceSyncEngine>.Instance);
}
