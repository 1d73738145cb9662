using ApprovalFunctions.Core.State;

namespace ApprovalFunctions.Core.Operations.Cleanup;

/// <summary>
/// The desired state a confirmed clean-up writes for one instance (pure): the wipe (<see cref="CleanupWipeRequest"/>) as a
/// complete snapshot whose REPLACE is requested at a new desired version, marked purged. The sync engine then sends it
/// like any REPLACE, under the instance's lease and its retry, park and watermark rules; ingest refuses later changes.
/// </summary>
public static class PurgeSnapshot
{
    /// <param name="approvalCode">The approval code the plan recorded (Feishu's, for an instance only Feishu's lists know).</param>
    public static DesiredState Of(string runId, string approvalCode, InstanceState state, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(state);
        var current = state.Desired?.Document;
        var wipe = CleanupWipeRequest.Build(state.InstanceId, approvalCode, current, state.Synced?.Document, now);
        var version = (current?.DesiredVersion ?? 0) + 1;

        // Desired state holds no update_mode: the planner chooses it (REPLACE, as requested below).
        var instance = wipe with { UpdateMode = null };
        var purged = current ?? new DesiredState
        {
            InstanceId = state.InstanceId,
            ApprovalCode = approvalCode,
            DesiredVersion = version,
            Complete = true,
            LastReceivedAt = now,
            Instance = instance,
        };
        return purged with
        {
            ApprovalCode = approvalCode,
            DesiredVersion = version,
            Complete = true,
            ReplaceRequestedVersion = version,
            ReplaceInstanceTime = instance.UpdateTime,
            LastReceivedAt = now,
            Purged = true,
            PurgedAt = now,
            PurgeRunId = runId,
            Instance = instance,
        };
    }

    /// <summary>Whether <paramref name="desired"/> is the purge snapshot of <paramref name="runId"/> (written before a crash or by a concurrent confirmation).</summary>
    public static bool IsWrittenBy(DesiredState? desired, string runId) => desired is { Purged: true } && desired.PurgeRunId == runId;
}
