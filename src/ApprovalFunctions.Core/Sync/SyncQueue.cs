using System.Text.Json;
using ApprovalFunctions.Core.Json;
using ApprovalFunctions.Core.Storage;
using Azure.Storage.Queues;

namespace ApprovalFunctions.Core.Sync;

/// <summary>
/// Nudges as JSON on <see cref="StorageNames.SyncQueue"/>. The queue client comes from the app's
/// <see cref="QueueServiceClient"/>, which encodes Base64 like the queue trigger expects (host.json).
/// </summary>
public sealed class SyncQueue(QueueServiceClient queues) : ISyncQueue
{
    private static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    private readonly QueueClient queue = queues.GetQueueClient(StorageNames.SyncQueue);

    public Task EnqueueAsync(SyncNudge nudge, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nudge);
        var visibility = delay <= TimeSpan.Zero ? (TimeSpan?)null : delay > MaxVisibilityDelay ? MaxVisibilityDelay : delay;
        return queue.SendMessageAsync(Serialize(nudge), visibility, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
    }

    public static string Serialize(SyncNudge nudge) => JsonSerializer.Serialize(nudge, CoreJsonContext.Default.SyncNudge);

    /// <summary>Reads a nudge; a message that is not one is a clear error naming what is wrong.</summary>
    public static SyncNudge Deserialize(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        SyncNudge? nudge;
        try
        {
            nudge = JsonSerializer.Deserialize(message, CoreJsonContext.Default.SyncNudge);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"The sync queue message is not a nudge {{instance_id, version, attempt}}: {exception.Message}", exception);
        }

        if (nudge is null || string.IsNullOrEmpty(nudge.InstanceId))
        {
            throw new FormatException("The sync queue message has no instance_id.");
        }

        return nudge;
    }
}
