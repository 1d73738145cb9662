using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Sync;

namespace ApprovalFunctions.Core.Operations.Diagnose;

/// <summary>
/// What diagnose can and cannot vouch for (pure). Feishu's check API sees the instance time and the tasks only; a CC is
/// known to be in Feishu once a check showed Feishu's instance time at or above that of a call that carried it (see
/// <see cref="EntityWatermark.ProofTime"/>), and only then.
/// </summary>
public static class Confirmations
{
    /// <summary>Every desired CC and how far it is confirmed; <paramref name="feishuInstanceTime"/> is what this check showed (null when Feishu could not be asked).</summary>
    public static IReadOnlyList<CcConfirmation> OfCcs(DesiredState desired, SyncedState? synced, long? feishuInstanceTime)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return [.. (desired.Instance.CcList ?? []).Select(cc =>
        {
            if (synced is null || !synced.Ccs.TryGetValue(cc.CcId, out var mark) || mark.UpdateTime < cc.UpdateTime || mark.Fingerprint != ImmutableFingerprints.Of(cc))
            {
                return new CcConfirmation(cc.CcId, cc.UpdateTime, synced?.Ccs.GetValueOrDefault(cc.CcId)?.UpdateTime, CcStates.NotSent);
            }

            return mark.ProofTime switch
            {
                null => new CcConfirmation(cc.CcId, cc.UpdateTime, mark.UpdateTime, CcStates.Confirmed),
                EntityWatermark.NotInFeishu => new CcConfirmation(cc.CcId, cc.UpdateTime, mark.UpdateTime, CcStates.LostInFeishu),
                { } proof when feishuInstanceTime >= proof => new CcConfirmation(cc.CcId, cc.UpdateTime, mark.UpdateTime, CcStates.Confirmed),
                { } proof => new CcConfirmation(cc.CcId, cc.UpdateTime, mark.UpdateTime, CcStates.AwaitingCheck, proof),
            };
        })];
    }

    /// <summary>The source's instance time against the one sent to Feishu, and why they differ.</summary>
    public static InstanceTimeSummary OfInstanceTime(DesiredState desired, SyncedState? synced)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var desiredTime = desired.Instance.UpdateTime;
        var sent = synced?.FeishuInstanceTime ?? 0;
        var advanced = sent > desiredTime;
        string? note = null;
        if (advanced)
        {
            note = !desired.Complete
                ? "The snapshot is partial (no REPLACE received): a change had to carry a later instance time to land, and it stays until the source sends a later change or a REPLACE."
                : synced!.RestoreInstanceTime
                    ? "A REPLACE with the source's time is queued."
                    : "A change had to carry a later instance time so that a check could prove it landed; once a reconcile round has confirmed everything sent, a REPLACE gives Feishu the source's time again.";
        }

        return new InstanceTimeSummary(desiredTime, sent, synced?.ConfirmedInstanceTime ?? 0, advanced, note);
    }

    /// <summary>
    /// Narrows a clean check: <c>in_sync</c> only when the desired version is synced and every CC, and every REPLACE that
    /// had to be confirmed, is confirmed; otherwise <c>sync_pending</c> or <c>unconfirmed_ccs</c>.
    /// </summary>
    public static FeishuVerdict Refine(FeishuVerdict verdict, DesiredState desired, SyncedState? synced, IReadOnlyList<CcConfirmation> ccs)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(ccs);
        if (verdict.Kind != VerdictKinds.InSync)
        {
            return verdict;
        }

        if (synced is null || synced.SyncedDesiredVersion < desired.DesiredVersion || synced.NeedsRepair)
        {
            return verdict with
            {
                Kind = VerdictKinds.SyncPending,
                Summary = $"Feishu holds what was synced so far, but a sync is still due (desired version {desired.DesiredVersion}, synced {synced?.SyncedDesiredVersion ?? 0}{(synced?.NeedsRepair == true ? ", repair pending" : string.Empty)}).",
            };
        }

        var unconfirmed = ccs.Where(cc => cc.State != CcStates.Confirmed).Select(cc => cc.CcId).ToList();
        var replaceProof = synced.ReplaceProofTime is { } proof && !(verdict.FeishuInstanceTime >= proof) ? proof : (long?)null;
        if (unconfirmed.Count == 0 && replaceProof is null)
        {
            return verdict with { Summary = "Feishu holds exactly the instance and task times we last synced, and a check confirmed every CC." };
        }

        var what = new List<string>();
        if (unconfirmed.Count > 0)
        {
            what.Add($"CCs {string.Join(", ", unconfirmed.Select(id => $"'{id}'"))}");
        }

        if (replaceProof is not null)
        {
            what.Add($"the REPLACE sent at instance time {replaceProof}");
        }

        return verdict with
        {
            Kind = VerdictKinds.UnconfirmedCcs,
            Summary = $"The check API confirms the instance and task times, but it cannot see CCs: no check has confirmed {string.Join(" and ", what)} yet.",
            UnconfirmedCcs = unconfirmed,
            UnconfirmedReplaceTime = replaceProof,
        };
    }
}
