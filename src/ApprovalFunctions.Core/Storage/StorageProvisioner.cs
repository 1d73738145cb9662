using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace ApprovalFunctions.Core.Storage;

/// <summary>Creates every table and queue of <see cref="StorageNames"/> that does not exist yet.</summary>
public sealed partial class StorageProvisioner(TableServiceClient tables, QueueServiceClient queues, ILogger<StorageProvisioner> logger)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in StorageNames.Tables)
        {
            await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }

        foreach (var queue in StorageNames.Queues)
        {
            await queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        LogProvisioned(logger, StorageNames.Tables.Count, StorageNames.Queues.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: {TableCount} tables and {QueueCount} queues exist.")]
    private static partial void LogProvisioned(ILogger logger, int tableCount, int queueCount);
}
