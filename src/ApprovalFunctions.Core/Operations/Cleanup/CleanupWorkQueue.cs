using ApprovalFunctions.Core.Storage.Queues;
using System.Text.Json;
using ApprovalFunctions.Core.Storage;
using Azure.Storage.Queues;

namespace ApprovalFunctions.Core.Operations.Cleanup;

/// <summary>Sends clean-up work to <see cref="StorageNames.CleanupQueue"/>.</summary>
public interface ICleanupWorkQueue
{
    Task EnqueueAsync(CleanupWorkMessage message, TimeSpan delay, CancellationToken cancellationToken);
}

/// <inheritdoc />
/// <remarks>The queue client comes from the app's <see cref="QueueServiceClient"/>, which encodes Base64 as the trigger expects.</remarks>
public sealed class CleanupWorkQueue(QueueServiceClient queues) : ICleanupWorkQueue
{
    private readonly QueueClient queue = queues.GetQueueClient(StorageNames.CleanupQueue);

    public Task EnqueueAsync(CleanupWorkMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonQueueMessages.SendAsync(queue, message, OperationsJsonContext.Default.CleanupWorkMessage, delay, cancellationToken);
    }

    public static string Serialize(CleanupWorkMessage message) => JsonSerializer.Serialize(message, OperationsJsonContext.Default.CleanupWorkMessage);

    /// <summary>Reads a work message; anything else is a clear error naming what is wrong.</summary>
    public static CleanupWorkMessage Deserialize(string message) =>
        JsonQueueMessages.Read(message, OperationsJsonContext.Default.CleanupWorkMessage, "clean-up work {run_id, instance_id}",
            work => string.IsNullOrEmpty(work.RunId) ? "run_id" : null);
}
