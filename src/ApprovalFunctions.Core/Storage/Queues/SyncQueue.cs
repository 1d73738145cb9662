using System.Text.Json;
using ApprovalFunctions.Core.Json;
using ApprovalFunctions.Core.Sync;
using Azure.Storage.Queues;

namespace ApprovalFunctions.Core.Storage.Queues;

/// <summary>Nudges as JSON on <see cref="StorageNames.SyncQueue"/> (Base64, as the queue trigger expects).</summary>
public sealed class SyncQueue(QueueServiceClient queues) : ISyncQueue
{
    private readonly QueueClient queue = queues.GetQueueClient(StorageNames.SyncQueue);

    public Task EnqueueAsync(SyncNudge nudge, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nudge);
        return JsonQueueMessages.SendAsync(queue, nudge, CoreJsonContext.Default.SyncNudge, delay, cancellationToken);
    }

    public static string Serialize(SyncNudge nudge) => JsonSerializer.Serialize(nudge, CoreJsonContext.Default.SyncNudge);

    /// <summary>Reads a nudge; a message that is not one is a clear error naming what is wrong.</summary>
    public static SyncNudge Deserialize(string message) =>
        JsonQueueMessages.Read(message, CoreJsonContext.Default.SyncNudge, "a nudge {instance_id, version, attempt}",
            nudge => string.IsNullOrEmpty(nudge.InstanceId) ? "instance_id" : null);
}
