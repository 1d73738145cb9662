using ApprovalFunctions.Core.Storage.Queues;
using System.Collections.Concurrent;
using ApprovalFunctions.Core.Sync;

namespace ApprovalFunctions.IntegrationTests.Pipeline;

/// <summary>The real queue, with a record of every nudge sent and its delay.</summary>
internal sealed class RecordingSyncQueue(SyncQueue inner) : ISyncQueue
{
    private readonly ConcurrentQueue<(SyncNudge Nudge, TimeSpan Delay)> sent = new();

    public IReadOnlyList<(SyncNudge Nudge, TimeSpan Delay)> Sent => [.. sent];

    public async Task EnqueueAsync(SyncNudge nudge, TimeSpan delay, CancellationToken cancellationToken)
    {
        await inner.EnqueueAsync(nudge, delay, cancellationToken);
        sent.Enqueue((nudge, delay));
    }
}
