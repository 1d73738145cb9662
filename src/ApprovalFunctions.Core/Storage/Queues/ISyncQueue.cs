using ApprovalFunctions.Core.Sync;

namespace ApprovalFunctions.Core.Storage.Queues;

/// <summary>Sends nudges to the <c>instance-sync</c> queue.</summary>
public interface ISyncQueue
{
    /// <summary>Enqueues a nudge, invisible for <paramref name="delay"/> (capped at the queue's 7-day maximum).</summary>
    Task EnqueueAsync(SyncNudge nudge, TimeSpan delay, CancellationToken cancellationToken);
}
