using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.State;

namespace ApprovalFunctions.Core.Sync;

/// <summary>
/// Why the next call must be a REPLACE (pure). <see cref="MustBeConfirmed"/> is true when the REPLACE removes or changes
/// something UPDATE cannot: an UPDATE that lands after that REPLACE was silently dropped would hide the loss from the check
/// API, so such a REPLACE is repeated until a check confirms it. A REPLACE the source sent is honoured as a REPLACE, but
/// by itself it only needs its tasks and CCs confirmed, like any call.
/// </summary>
public sealed record ReplaceReasons(IReadOnlyList<string> Texts, bool MustBeConfirmed)
{
    public bool Any => Texts.Count > 0;

    public static ReplaceReasons Of(DesiredState desired, SyncedState synced)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(synced);
        var texts = new List<string>();
        if (desired.ReplaceRequestedVersion > synced.SyncedDesiredVersion)
        {
            texts.Add(desired.Purged
                ? $"clean-up run '{desired.PurgeRunId}' wipes the instance (desired version {desired.ReplaceRequestedVersion})"
                : $"the source sent REPLACE (desired version {desired.ReplaceRequestedVersion})");
        }

        var confirmable = texts.Count;
        if (synced.LostInFeishu)
        {
            texts.Add("Feishu does not know the instance");
        }

        if (synced.ReplaceProofTime is { } proof)
        {
            texts.Add($"the REPLACE sent at instance time {proof} is not yet confirmed by a check");
        }

        if (synced.InstanceFingerprint is { } instanceFingerprint && instanceFingerprint != ImmutableFingerprints.Of(desired.Instance))
        {
            texts.Add("department_id or department_name changed, which UPDATE cannot change");
        }

        var tasks = DesiredStateMerger.ById(desired.Instance.TaskList, task => task.TaskId);
        foreach (var (taskId, mark) in synced.Tasks.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!tasks.TryGetValue(taskId, out var task))
            {
                texts.Add($"task '{taskId}' was removed");
            }
            else if (mark.Fingerprint != ImmutableFingerprints.Of(task))
            {
                texts.Add($"task '{taskId}' changed user_id, open_id, create_time, node_id or node_name, which UPDATE cannot change");
            }
        }

        var ccs = DesiredStateMerger.ById(desired.Instance.CcList, cc => cc.CcId);
        foreach (var (ccId, mark) in synced.Ccs.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!ccs.TryGetValue(ccId, out var cc))
            {
                texts.Add($"CC '{ccId}' was removed");
            }
            else if (mark.Fingerprint != ImmutableFingerprints.Of(cc))
            {
                texts.Add($"CC '{ccId}' changed user_id, open_id or create_time, which UPDATE cannot change");
            }
        }

        return new ReplaceReasons(texts, MustBeConfirmed: texts.Count > confirmable);
    }
}
