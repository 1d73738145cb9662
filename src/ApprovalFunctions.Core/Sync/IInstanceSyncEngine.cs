namespace ApprovalFunctions.Core.Sync;

/// <summary>Handles one nudge: brings Feishu to the instance's desired state with at most one call.</summary>
public interface IInstanceSyncEngine
{
    /// <summary>Storage failures propagate, so that the queue host retries the nudge and finally moves it to the poison queue.</summary>
    Task<SyncRunResult> SyncAsync(SyncNudge nudge, CancellationToken cancellationToken);
}
