using Azure.Storage.Queues;

namespace ApprovalFunctions.Core.Storage.Queues;

/// <summary>How full the sync queue and its poison queue are, and when the oldest visible nudge was enqueued.</summary>
public sealed record SyncQueueDepth(int Messages, DateTimeOffset? OldestInsertedOn, int PoisonMessages);

/// <summary>
/// Reads the depths of <see cref="StorageNames.SyncQueue"/> and <see cref="StorageNames.SyncPoisonQueue"/> in three
/// calls (two approximate counts and one peek), whatever the queues hold.
/// </summary>
public sealed class SyncQueueDepths(QueueServiceClient queues)
{
    private readonly QueueClient sync = queues.GetQueueClient(StorageNames.SyncQueue);
    private readonly QueueClient poison = queues.GetQueueClient(StorageNames.SyncPoisonQueue);

    public async Task<SyncQueueDepth> ReadAsync(CancellationToken cancellationToken)
    {
        var syncCount = sync.GetPropertiesAsync(cancellationToken);
        var poisonCount = poison.GetPropertiesAsync(cancellationToken);
        var peeked = await sync.PeekMessagesAsync(1, cancellationToken);
        return new SyncQueueDepth(
            (await syncCount).Value.ApproximateMessagesCount,
            peeked.Value.FirstOrDefault()?.InsertedOn,
            (await poisonCount).Value.ApproximateMessagesCount);
    }
}
