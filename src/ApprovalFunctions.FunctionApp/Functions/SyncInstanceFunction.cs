using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Sync;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions;

/// <summary>
/// The queue trigger of <c>instance-sync</c>: one nudge, one sync. An exception (storage down) lets the host retry the
/// message after the visibility timeout and finally move it to <c>instance-sync-poison</c>.
/// </summary>
public sealed class SyncInstanceFunction(IInstanceSyncEngine engine)
{
    [Function("SyncInstance")]
    public async Task RunAsync(
        [QueueTrigger(StorageNames.SyncQueue, Connection = StorageNames.ConnectionName)] string message,
        CancellationToken cancellationToken)
    {
        await engine.SyncAsync(SyncQueue.Deserialize(message), cancellationToken);
    }
}
