using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Core.Timeline;
using ApprovalFunctions.Feishu.Models;
using Microsoft.Extensions.Logging;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>How one check answer (a diff, or none) changes an instance's watermarks and whether it needs a repair sync.</summary>
public sealed partial class CheckAndRepair
{
    private async Task ApplyCheckAsync(ReconcileCandidate candidate, CheckedInstance? diff, string? logId, ReconcileSummary summary, CancellationToken cancellationToken)
    {
        var loaded = candidate.State!;
        var desired = loaded.Desired!.Document;
        var checkedState = loaded.SyncedOrEmpty;

        // Written only with the ETag of the round's own read: any write since (a sync that started after the read, even
        // one whose call failed, or an operator) means the answer may describe an older state; the next round asks again.
        var stored = loaded.Synced;
        var now = timeProvider.GetUtcNow();
        var updated = stored is null ? null : CheckDiffRepair.Apply(stored.Document, checkedState, diff, desired, now);
        if (updated is not null && diff is not null)
        {
            updated = timeline.Fold(updated, CheckVerdict.Of(diff).ToTimelineEvent(desired.DesiredVersion, logId, now));
        }

        if (updated is not null && !ReferenceEquals(updated, checkedState)
            && await store.TrySaveSyncedAsync(updated, stored!.ETag, cancellationToken) is null)
        {
            updated = null;
        }

        if (updated is null)
        {
            summary.AddSuperseded();
            await changeIndex.MarkForRecheckAsync(candidate.InstanceId, desired.DesiredVersion, cancellationToken);
            ReconcileLog.Superseded(logger, candidate.InstanceId, diff is null ? "none" : ReconcileMetrics.KindName(CheckDiffRepair.Classify(diff)));
            return;
        }

        summary.AddCcsConfirmed(CheckDiffRepair.CcsConfirmed(checkedState, updated));
        if (!updated.NeedsRepair)
        {
            return;
        }

        if (diff is not null)
        {
            var kind = CheckDiffRepair.Classify(diff);
            summary.AddDiff(kind);
            ReconcileLog.Diff(logger, candidate.InstanceId, ReconcileMetrics.KindName(kind), diff.UpdateTime, diff.Tasks.Count > 0 ? diff.Tasks[0].TaskId : null, diff.Tasks.Count > 0 ? diff.Tasks[0].UpdateTime : null, logId);
        }
        else if (updated.RestoreInstanceTime)
        {
            summary.AddInstanceTimeRestore();
            ReconcileLog.Restore(logger, candidate.InstanceId, updated.FeishuInstanceTime, desired.Instance.UpdateTime);
        }
        else
        {
            summary.AddUnprovenResend();
            ReconcileLog.Unproven(logger, candidate.InstanceId, updated.FeishuInstanceTime);
        }

        await queue.EnqueueAsync(new SyncNudge(candidate.InstanceId, desired.DesiredVersion), TimeSpan.Zero, cancellationToken);

        // Check the repair's outcome next round: Feishu may drop the repair call too.
        await changeIndex.MarkForRecheckAsync(candidate.InstanceId, desired.DesiredVersion, cancellationToken);
    }
}
