using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>
/// Turns Feishu's check answer for one instance into watermarks (pure). Whatever the answer, it tells Feishu's instance
/// time F (the diff's, or the one we claimed when there is no diff), which:
/// <list type="bullet">
/// <item>confirms every CC, and a REPLACE that had to be confirmed, sent in a call at an instance time at or below F: only a
/// call at or above that time (each of which carried them too) can have brought Feishu there;</item>
/// <item>becomes the time ceiling: no sync runs, so no call above F can still land.</item>
/// </list>
/// Then by the FAQ's judgement: instance missing → <see cref="SyncedState.LostInFeishu"/> and every CC to be re-sent (the
/// next sync REPLACEs, or parks a partial snapshot); task missing, task stale, instance stale → Feishu's effective times go
/// into the watermarks and <see cref="SyncedState.ResendAll"/> is set (the check reports only the first failure per
/// instance, so the one repair call carries every task and CC); no diff with an advanced instance time and nothing left
/// unconfirmed → <see cref="SyncedState.RestoreInstanceTime"/> for a complete snapshot.
/// </summary>
public static class CheckDiffRepair
{
    /// <summary>The FAQ's judgement of a diff (see <see cref="CheckVerdict"/>, which reads it).</summary>
    public static CheckDiffKind Classify(CheckedInstance diff) => CheckVerdict.Of(diff).Kind;

    /// <summary>
    /// The watermarks after the check answered <paramref name="diff"/> (null: no diff, Feishu holds exactly the claim of
    /// <paramref name="checkedState"/>), applied to <paramref name="current"/>. Returns <paramref name="current"/> itself when
    /// nothing changes, and null when the check is superseded: a sync holds the lease at <paramref name="now"/> or ran since
    /// <paramref name="checkedState"/> was sent (the answer may describe an older state; a later round checks again).
    /// </summary>
    public static SyncedState? Apply(SyncedState current, SyncedState checkedState, CheckedInstance? diff, DesiredState desired, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(checkedState);
        ArgumentNullException.ThrowIfNull(desired);
        if (current.IsLeased(now)
            || current.FeishuInstanceTime != checkedState.FeishuInstanceTime
            || current.TimeCeiling != checkedState.TimeCeiling
            || current.SyncedDesiredVersion != checkedState.SyncedDesiredVersion
            || current.LastSyncAt != checkedState.LastSyncAt)
        {
            return null;
        }

        if (diff is null)
        {
            return ApplyClean(current, desired);
        }

        var feishuTime = diff.UpdateTime;
        var confirmed = Confirm(current, feishuTime);
        if (Classify(diff) == CheckDiffKind.InstanceMissing)
        {
            return confirmed with
            {
                LostInFeishu = true,
                FeishuInstanceTime = 0,
                FeishuInstanceTimeCeiling = 0,
                Ccs = confirmed.Ccs.ToDictionary(pair => pair.Key, pair => pair.Value with { ProofTime = EntityWatermark.NotInFeishu }, StringComparer.Ordinal),
            };
        }

        var tasks = new Dictionary<string, EntityWatermark>(confirmed.Tasks, StringComparer.Ordinal);
        foreach (var task in diff.Tasks)
        {
            if (tasks.TryGetValue(task.TaskId, out var mark))
            {
                tasks[task.TaskId] = mark with { UpdateTime = task.UpdateTime };
            }
        }

        return confirmed with
        {
            FeishuInstanceTime = feishuTime,
            FeishuInstanceTimeCeiling = feishuTime,
            Tasks = tasks,
            ResendAll = true,
        };
    }

    /// <summary>What we believe Feishu holds for one instance: the instance time we last sent and each synced task's time.</summary>
    public static CheckedInstance ClaimOf(SyncedState synced) => CheckVerdict.ClaimOf(synced);

    /// <summary>How many CCs of <paramref name="before"/> await a check and are confirmed in <paramref name="after"/>.</summary>
    public static int CcsConfirmed(SyncedState before, SyncedState after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return before.Ccs.Count(pair => !pair.Value.Confirmed && after.Ccs.TryGetValue(pair.Key, out var mark) && mark.Confirmed);
    }

    private static SyncedState ApplyClean(SyncedState current, DesiredState desired)
    {
        var feishuTime = current.FeishuInstanceTime;
        var confirmed = Confirm(current, feishuTime) with { ConfirmedInstanceTime = feishuTime, FeishuInstanceTimeCeiling = feishuTime };
        var restore = SyncPlanner.NeedsRestore(desired, confirmed);

        // Recording only that the claim still holds is not worth a storage write; everything else is.
        if (!restore && !current.HasUnconfirmed && current.TimeCeiling == feishuTime && current.UncertainCall is null)
        {
            return current;
        }

        // Every call carries what is unconfirmed and Feishu holds the last call's time, so a clean check confirms it all;
        // should anything stay unconfirmed all the same, one call above the ceiling re-sends it provably.
        return restore ? confirmed with { RestoreInstanceTime = true }
            : confirmed.HasUnconfirmed ? confirmed with { ResendAll = true }
            : confirmed;
    }

    private static SyncedState Confirm(SyncedState state, long feishuTime)
    {
        var ccs = state.Ccs.ToDictionary(
            pair => pair.Key,
            pair => pair.Value.ProofTime is { } proof && proof <= feishuTime ? pair.Value with { ProofTime = null } : pair.Value,
            StringComparer.Ordinal);
        return state with
        {
            Ccs = ccs,
            ReplaceProofTime = state.ReplaceProofTime is { } proof && proof <= feishuTime ? null : state.ReplaceProofTime,
            UncertainCall = null,
        };
    }
}
