using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Core.Timeline;

namespace ApprovalFunctions.Core.Operations.Resync;

/// <summary>The answer of a forced resync.</summary>
public sealed record ResyncAccepted(string InstanceId, long DesiredVersion, string Mode, string Note);

/// <summary>
/// REPLACE one instance from its complete snapshot: sets <see cref="SyncedState.LostInFeishu"/> (which the sync planner
/// answers with a REPLACE), lifts a park, and nudges. A partial snapshot is refused: a REPLACE from it would delete
/// tasks and CCs in Feishu that only the source still knows.
/// </summary>
public sealed class ForcedResync(IInstanceStateStore store, ISyncQueue queue, InstanceTimeline timeline)
{
    public async Task<OperatorOutcome<ResyncAccepted>> ResyncAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var state = await store.LoadAsync(instanceId, cancellationToken);
        if (state.Desired?.Document is not { } desired)
        {
            return OperatorOutcome<ResyncAccepted>.Failure(OperatorStatus.NotFound, $"Instance '{instanceId}' is unknown: the source system never sent it.");
        }

        if (desired.Purged)
        {
            return OperatorOutcome<ResyncAccepted>.Failure(OperatorStatus.Conflict, $"Instance '{instanceId}' was purged by clean-up run '{desired.PurgeRunId}': it is never synced again.");
        }

        if (!desired.Complete)
        {
            return OperatorOutcome<ResyncAccepted>.Failure(
                OperatorStatus.Conflict,
                $"Instance '{instanceId}' has a partial snapshot (only UPDATE bodies were received), and a REPLACE from it would delete data in Feishu. " +
                "Have the source system send a full REPLACE body for this instance.");
        }

        IReadOnlyList<SyncIssueKind> issueRows = [];
        await store.UpdateSyncedAsync(instanceId, loaded =>
        {
            issueRows = loaded.SyncedOrEmpty.IssueRows;
            return timeline.Fold(loaded.SyncedOrEmpty with { LostInFeishu = true, Parked = null, LaggingIssue = false, Attempts = 0 }, InstanceEvents.ResyncRequested(desired.DesiredVersion, timeline.Now));
        }, cancellationToken);
        await store.ClearIssuesAsync(instanceId, issueRows, cancellationToken);

        // Like a change from the source: the next reconcile round checks (and confirms the CCs of) what the REPLACE did.
        await store.RecordChangeAsync(desired, new IndexRows(ChangeIndex: true, SweepIndex: false), timeline.Now, cancellationToken);
        await queue.EnqueueAsync(new SyncNudge(instanceId, desired.DesiredVersion), TimeSpan.Zero, cancellationToken);
        return OperatorOutcome<ResyncAccepted>.Success(
            new ResyncAccepted(instanceId, desired.DesiredVersion, InstanceEvents.ModeName(replace: true), $"The next sync sends the complete snapshot as {InstanceEvents.ModeName(replace: true)}."),
            OperatorStatus.Accepted);
    }
}
