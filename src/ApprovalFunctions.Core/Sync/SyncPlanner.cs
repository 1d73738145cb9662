using System.Security.Cryptography;
using System.Text.Json;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Json;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Sync;

/// <summary>
/// Decides the one Feishu call that brings Feishu from the watermarks to desired state (pure). The rules
/// (docs/architecture.md, "Sync"):
/// <list type="bullet">
/// <item>REPLACE when <see cref="ReplaceReasons"/> says so; only from a complete snapshot, else park (a REPLACE from a
/// partial snapshot would delete data in Feishu).</item>
/// <item>Otherwise UPDATE with the instance fields, the tasks and CCs above their watermark (all when ResendAll) and every
/// CC no check has confirmed yet (Feishu ignores an equal time, so re-carrying one costs nothing), or nothing at all.</item>
/// <item>The source's instance time is sent whenever that works: it is above every time Feishu may hold (then the call
/// lands, and a check that sees the time proves it, CCs included), or the call changes only what the check API sees
/// (tasks, the instance time) and the snapshot is complete (then a REPLACE, which Feishu does not time-check, carries it).
/// Otherwise, so that the change lands and can be proven, the time is advanced just above that ceiling; a later REPLACE
/// restores the source's time once a check confirmed everything (complete snapshots only, see <see cref="NeedsRestore"/>).
/// A call that failed may have landed, so its time is in the ceiling; its exact retry (same body) keeps that time.</item>
/// </list>
/// </summary>
public sealed class SyncPlanner
{
    public SyncPlan Plan(DesiredState desired, SyncedState synced)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(synced);

        var instance = desired.Instance;
        var desiredTime = instance.UpdateTime;
        var reasons = ReplaceReasons.Of(desired, synced);
        var tasks = instance.TaskList?
            .Where(task => synced.ResendAll || !synced.Tasks.TryGetValue(task.TaskId, out var mark) || (task.UpdateTime ?? 0) > mark.UpdateTime)
            .ToList() ?? [];
        var allCcs = instance.CcList ?? [];
        var changedCcs = allCcs.Where(cc => !synced.Ccs.TryGetValue(cc.CcId, out var mark) || cc.UpdateTime > mark.UpdateTime).ToList();
        var unconfirmedCcs = allCcs.Where(cc => synced.Ccs.TryGetValue(cc.CcId, out var mark) && cc.UpdateTime <= mark.UpdateTime && !mark.Confirmed).ToList();
        var instanceChanged = synced.ResendAll || synced.InstanceFingerprint is null || desiredTime > synced.SyncedInstanceTime;
        var restore = NeedsRestore(desired, synced);

        if (!reasons.Any && !instanceChanged && tasks.Count == 0 && changedCcs.Count == 0 && !restore)
        {
            return new SyncPlan(SyncAction.Nothing, desired.DesiredVersion, desiredTime, null, []);
        }

        // What the check API cannot see for itself must ride on a call whose landing a check can prove.
        var needsProof = reasons.MustBeConfirmed || instanceChanged || changedCcs.Count > 0 || unconfirmedCcs.Count > 0;
        var ceiling = synced.TimeCeiling;
        var texts = reasons.Texts.ToList();
        var replace = reasons.Any;
        var toResend = changedCcs.Concat(unconfirmedCcs).Select(cc => cc.CcId).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<ExternalCc> updateCcs = synced.ResendAll ? allCcs : [.. allCcs.Where(cc => toResend.Contains(cc.CcId))];
        ExternalInstance Build(bool asReplace, long time) => asReplace
            ? instance with { UpdateMode = UpdateMode.Replace, UpdateTime = time }
            : instance with
            {
                UpdateMode = UpdateMode.Update,
                UpdateTime = time,
                TaskList = tasks.Count > 0 ? tasks : null,
                CcList = updateCcs.Count > 0 ? updateCcs : null,
            };

        // The source's time when a check can prove the call; else one REPLACE at it when the check sees everything the
        // call changes; else just above the ceiling (or, for the exact retry of a call whose outcome is unknown, its time).
        var request = Build(replace, desiredTime);
        if (desiredTime <= ceiling && !IsExactRetry(synced, request))
        {
            if (!needsProof && desired.Complete)
            {
                replace = true;
                request = Build(replace, desiredTime);
                texts.Add(restore && tasks.Count == 0
                    ? $"Feishu holds the advanced instance time {synced.FeishuInstanceTime} and a check confirmed every change: REPLACE restores the source's {desiredTime}"
                    : $"an UPDATE at the source's instance time {desiredTime} would be ignored (Feishu may hold {ceiling}): REPLACE from the complete snapshot keeps it");
            }
            else
            {
                var retry = synced.UncertainCall is { } uncertain ? Build(replace, uncertain.InstanceTime) : null;
                request = retry is not null && IsExactRetry(synced, retry) ? retry : Build(replace, ceiling + 1);
            }
        }

        if (replace && !desired.Complete)
        {
            var parkReason =
                $"Instance '{desired.InstanceId}' needs a REPLACE ({string.Join("; ", texts)}), but its stored snapshot is partial " +
                "(only UPDATE bodies were received), and a REPLACE from it would delete data in Feishu. " +
                "Have the source system send a full REPLACE body for this instance.";
            return new SyncPlan(SyncAction.Park, desired.DesiredVersion, desiredTime, null, texts, parkReason);
        }

        // A call that is not provable is only sent when needsProof is false: every CC it carries is then already
        // confirmed in this very version and stays confirmed.
        var carried = replace ? allCcs : updateCcs;
        return new SyncPlan(replace ? SyncAction.Replace : SyncAction.Update, desired.DesiredVersion, desiredTime, request, texts)
        {
            CcWatermarks = carried.ToDictionary(cc => cc.CcId, cc => CcWatermark(cc, synced, request.UpdateTime), StringComparer.Ordinal),
            ReplaceMustBeConfirmed = replace && reasons.MustBeConfirmed,
            RequestHash = HashOf(request),
        };
    }

    /// <summary>
    /// Feishu holds an instance time above the source's, a check confirmed everything sent, and the snapshot is complete:
    /// one REPLACE (which Feishu does not time-check) gives Feishu the source's own time again.
    /// </summary>
    public static bool NeedsRestore(DesiredState desired, SyncedState synced)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(synced);
        return desired.Complete
            && synced.FeishuInstanceTime > desired.Instance.UpdateTime
            && synced.ConfirmedInstanceTime == synced.FeishuInstanceTime
            && !synced.HasUnconfirmed
            && !synced.LostInFeishu;
    }

    /// <summary>
    /// The watermarks before the call goes out: the ceiling covers its time and the call is recorded as uncertain, in case
    /// it lands although we never hear so. Applying it again (a retry of the same call) changes nothing.
    /// </summary>
    public static SyncedState Reserve(SyncedState synced, SyncPlan plan)
    {
        ArgumentNullException.ThrowIfNull(synced);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Request is null || plan.RequestHash is null)
        {
            return synced;
        }

        var sameCall = synced.UncertainCall is { } known && known.InstanceTime == plan.SentInstanceTime && known.RequestHash == plan.RequestHash;
        return synced with
        {
            FeishuInstanceTimeCeiling = Math.Max(synced.TimeCeiling, plan.SentInstanceTime),
            UncertainCall = sameCall ? synced.UncertainCall : new UncertainCall(plan.SentInstanceTime, plan.RequestHash, synced.TimeCeiling),
        };
    }

    /// <summary>
    /// The watermarks after Feishu answered code 0 to <paramref name="plan"/>'s request, applied to <paramref name="current"/>
    /// (which may have been changed by an operator meanwhile). Clears parked state, errors and repair flags.
    /// </summary>
    public SyncedState ApplySuccess(SyncedState current, SyncPlan plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(plan);
        var request = plan.Request ?? throw new ArgumentException("Only a plan that sends a request can succeed.", nameof(plan));
        var replace = plan.Action == SyncAction.Replace;

        var tasks = replace
            ? new Dictionary<string, EntityWatermark>(StringComparer.Ordinal)
            : new Dictionary<string, EntityWatermark>(current.Tasks, StringComparer.Ordinal);
        foreach (var task in request.TaskList ?? [])
        {
            tasks[task.TaskId] = new EntityWatermark(task.UpdateTime ?? request.UpdateTime, ImmutableFingerprints.Of(task));
        }

        var ccs = replace
            ? new Dictionary<string, EntityWatermark>(StringComparer.Ordinal)
            : new Dictionary<string, EntityWatermark>(current.Ccs, StringComparer.Ordinal);
        foreach (var (ccId, watermark) in plan.CcWatermarks)
        {
            ccs[ccId] = watermark;
        }

        return current with
        {
            FeishuInstanceTime = request.UpdateTime,
            FeishuInstanceTimeCeiling = Math.Max(current.TimeCeiling, request.UpdateTime),
            ReplaceProofTime = plan.ReplaceMustBeConfirmed ? request.UpdateTime : current.ReplaceProofTime,
            SyncedInstanceTime = Math.Max(plan.DesiredInstanceTime, replace ? 0 : current.SyncedInstanceTime),
            InstanceFingerprint = ImmutableFingerprints.Of(request),
            Tasks = tasks,
            Ccs = ccs,
            SyncedDesiredVersion = Math.Max(current.SyncedDesiredVersion, plan.DesiredVersion),
            LastSyncAt = now,
            LastSyncMode = replace ? SyncMode.Replace : SyncMode.Update,
            Attempts = 0,
            LastError = null,
            Parked = null,
            LostInFeishu = false,
            ResendAll = false,
            RestoreInstanceTime = false,
            UncertainCall = null,
        };
    }

    /// <summary>
    /// The very call whose outcome is unknown, sent again: whichever of the two lands proves the same, so the retry keeps
    /// the time (the source's) that was above the ceiling when the first went out.
    /// </summary>
    private static bool IsExactRetry(SyncedState synced, ExternalInstance request) =>
        synced.UncertainCall is { } uncertain
        && uncertain.InstanceTime == request.UpdateTime
        && uncertain.InstanceTime == synced.TimeCeiling
        && uncertain.InstanceTime > uncertain.CeilingBefore
        && uncertain.RequestHash == HashOf(request);

    private static string HashOf(ExternalInstance request) =>
        Convert.ToBase64String(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, FeishuJsonContext.Default.ExternalInstance)));

    private static EntityWatermark CcWatermark(ExternalCc cc, SyncedState synced, long sentTime)
    {
        var fingerprint = ImmutableFingerprints.Of(cc);
        var confirmedAlready = synced.Ccs.TryGetValue(cc.CcId, out var mark)
            && mark.Confirmed && mark.UpdateTime == cc.UpdateTime && mark.Fingerprint == fingerprint;
        return new EntityWatermark(cc.UpdateTime, fingerprint, confirmedAlready ? null : sentTime);
    }
}
