using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Operations.Diagnose;

/// <summary>Everything we know about one instance, plus Feishu's live verdict on it.</summary>
public sealed class InstanceDiagnostics(IInstanceStateStore store, IFeishuApprovalClient feishu)
{
    /// <summary>Null when we have no desired state for the instance. Feishu failures only make the verdict unknown.</summary>
    public async Task<InstanceDiagnosis?> DiagnoseAsync(string instanceId, bool fullSnapshot, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var state = await store.LoadAsync(instanceId, cancellationToken);
        if (state.Desired?.Document is not { } desired)
        {
            return null;
        }

        var synced = state.Synced?.Document;
        var verdict = desired.Purged
            ? new FeishuVerdict(VerdictKinds.Purged, "The instance was wiped by a clean-up run; Feishu is not asked.")
            : await AskFeishuAsync(CheckVerdict.ClaimOf(desired, synced), cancellationToken);
        var ccs = Confirmations.OfCcs(desired, synced, verdict.Kind is VerdictKinds.Unknown or VerdictKinds.Purged ? null : verdict.FeishuInstanceTime);

        return new InstanceDiagnosis(
            instanceId,
            Summarize(desired),
            synced is null ? null : Summarize(synced),
            desired.DesiredVersion > (synced?.SyncedDesiredVersion ?? 0),
            desired.Purged ? new PurgeSummary(desired.PurgedAt, desired.PurgeRunId) : null,
            Confirmations.Refine(verdict, desired, synced, ccs),
            Confirmations.OfInstanceTime(desired, synced),
            ccs,
            fullSnapshot ? desired.Instance : null);
    }

    private async Task<FeishuVerdict> AskFeishuAsync(CheckedInstance expected, CancellationToken cancellationToken)
    {
        try
        {
            var result = await feishu.CheckInstancesAsync(new CheckInstancesRequest { Instances = [expected] }, cancellationToken);
            return CheckVerdict.Diagnose(expected, result.Data, result.LogId);
        }
        catch (FeishuApiException exception)
        {
            return new FeishuVerdict(
                VerdictKinds.Unknown,
                $"Feishu could not be asked ({exception.Kind}): {exception.FeishuMessage}",
                expected.UpdateTime,
                FeishuCode: exception.Code,
                LogId: exception.LogId);
        }
    }

    private static DesiredSummary Summarize(DesiredState desired) => new(
        desired.ApprovalCode,
        desired.Status,
        desired.DesiredVersion,
        desired.Complete,
        desired.ReplaceRequestedVersion,
        desired.ReplaceInstanceTime,
        desired.Instance.UpdateTime,
        desired.LastReceivedAt,
        [.. (desired.Instance.TaskList ?? []).Select(t => new EntitySummary(t.TaskId, FeishuVocabulary.NameOf(t.Status), t.UpdateTime))],
        [.. (desired.Instance.CcList ?? []).Select(c => new EntitySummary(c.CcId, FeishuVocabulary.NameOf(c.ReadStatus), c.UpdateTime))]);

    private static WatermarkSummary Summarize(SyncedState synced) => new(
        synced.SyncedDesiredVersion,
        synced.FeishuInstanceTime,
        synced.TimeCeiling,
        synced.SyncedInstanceTime,
        synced.Tasks.ToDictionary(t => t.Key, t => t.Value.UpdateTime, StringComparer.Ordinal),
        synced.Ccs.ToDictionary(c => c.Key, c => c.Value.UpdateTime, StringComparer.Ordinal),
        synced.LastSyncAt,
        synced.LastSyncMode,
        synced.Attempts,
        synced.LastError,
        synced.Parked,
        synced.LostInFeishu,
        synced.ResendAll,
        synced.RestoreInstanceTime,
        synced.ReplaceProofTime,
        synced.LeaseUntil);
}
