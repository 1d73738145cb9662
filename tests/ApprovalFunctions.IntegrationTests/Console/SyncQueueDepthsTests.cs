using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using ApprovalFunctions.IntegrationTests.Operations;
using Azure.Storage.Queues;

namespace ApprovalFunctions.IntegrationTests.Console;

/// <summary>The overview's queue figures come from these three calls; a poison count above zero is what operators act on.</summary>
public sealed class SyncQueueDepthsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Counts_the_sync_and_poison_queues_and_dates_the_oldest_visible_nudge()
    {
        await using var harness = await OperationsHarness.StartAsync(azurite);
        var queues = harness.Get<QueueServiceClient>();
        await queues.GetQueueClient(StorageNames.SyncQueue).ClearMessagesAsync();
        await queues.GetQueueClient(StorageNames.SyncPoisonQueue).ClearMessagesAsync();
        var depths = harness.Get<SyncQueueDepths>();

        var empty = await depths.ReadAsync(CancellationToken.None);
        Assert.Equal(new SyncQueueDepth(0, null, 0), empty);

        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var sync = harness.Get<ISyncQueue>();
        await sync.EnqueueAsync(new SyncNudge("depth-a", 1), TimeSpan.Zero, CancellationToken.None);
        await sync.EnqueueAsync(new SyncNudge("depth-b", 1), TimeSpan.Zero, CancellationToken.None);
        await queues.GetQueueClient(StorageNames.SyncPoisonQueue).SendMessageAsync("eyJpbnN0YW5jZV9pZCI6ImRlcHRoLWMifQ==");

        var filled = await depths.ReadAsync(CancellationToken.None);
        Assert.Equal(2, filled.Messages);
        Assert.Equal(1, filled.PoisonMessages);
        Assert.NotNull(filled.OldestInsertedOn);
        Assert.InRange(filled.OldestInsertedOn!.Value, before, DateTimeOffset.UtcNow.AddSeconds(5));
    }
}
