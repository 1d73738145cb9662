using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static ApprovalFunctions.Tests.Shared.SampleInstances;

namespace ApprovalFunctions.UnitTests.Sync;

public sealed class InstanceSyncEngineFailureTests : IDisposable
{
    private readonly ServiceProvider metricsProvider = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Mock<IInstanceStateStore> store = new();
    private readonly Mock<IFeishuApprovalClient> feishu = new(MockBehavior.Strict);
    private readonly Mock<ISyncQueue> queue = new(MockBehavior.Strict);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => metricsProvider.Dispose();

    [Fact]
    public async Task Storage_failure_propagates_so_the_host_retries_the_nudge()
    {
        store.Setup(s => s.LoadAsync("inst-1", It.IsAny<CancellationToken>())).ThrowsAsync(new RequestFailedException(503, "storage unavailable"));

        await Assert.ThrowsAsync<RequestFailedException>(() => Engine().SyncAsync(new SyncNudge("inst-1", 1), default));
    }

    [Fact]
    public async Task Unexpected_client_failure_frees_the_lease_and_propagates()
    {
        var desired = new DesiredStateMerger().Merge(null, Instance("inst-1"), time.GetUtcNow()).Desired!;
        store.Setup(s => s.LoadAsync("inst-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new InstanceState("inst-1", new StoredDocument<DesiredState>(desired, new ETag("d1")), null));
        var writes = new List<SyncedState>();
        store.Setup(s => s.TrySaveSyncedAsync(It.IsAny<SyncedState>(), It.IsAny<ETag?>(), It.IsAny<CancellationToken>()))
            .Callback<SyncedState, ETag?, CancellationToken>((synced, _, _) => writes.Add(synced))
            .ReturnsAsync(new ETag("s1"));
        feishu.Setup(f => f.SyncInstanceAsync(It.IsAny<ExternalInstance>(), It.IsAny<CancellationToken>())).ThrowsAsync(new HttpRequestException("connection reset"));

        await Assert.ThrowsAsync<HttpRequestException>(() => Engine().SyncAsync(new SyncNudge("inst-1", 1), default));

        Assert.Equal(2, writes.Count);
        Assert.NotNull(writes[0].LeaseOwner);
        Assert.Equal(time.GetUtcNow() + new SyncOptions().LeaseDuration, writes[0].LeaseUntil);
        Assert.Null(writes[1].LeaseOwner);
        Assert.Equal(0, writes[1].SyncedDesiredVersion);
    }

    [Fact]
    public async Task Nudge_for_an_unknown_instance_makes_no_call()
    {
        store.Setup(s => s.LoadAsync("ghost", It.IsAny<CancellationToken>())).ReturnsAsync(new InstanceState("ghost", null, null));

        Assert.Equal(SyncRunResult.UnknownInstance, await Engine().SyncAsync(new SyncNudge("ghost", 1), default));
    }

    private InstanceSyncEngine Engine() => new(
        store.Object,
        feishu.Object,
        queue.Object,
        new SyncPlanner(),
        Options.Create(new SyncOptions()),
        new ApprovalMetrics(metricsProvider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
        time,
        Timeline.UnitTestTimeline.Create(time),
        NullLogger<InstanceSyncEngine>.Instance);
}
