using System.Globalization;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Timeline;

/// <summary>Builds the events the app records (pure), so every writer words them the same way.</summary>
public static class InstanceEvents
{
    public static InstanceEvent ChangeQueued(DesiredState desired, bool replace, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return new InstanceEvent(at, InstanceEventKinds.Change, "queued", desired.DesiredVersion, ModeName(replace),
            Detail: $"Stored as desired version {desired.DesiredVersion} (instance update_time {Millis(desired.Instance.UpdateTime)}, status {FeishuVocabulary.NameOf(desired.Status)}).");
    }

    /// <param name="outcome">stale, duplicate or refused.</param>
    public static InstanceEvent ChangeIgnored(string outcome, long desiredVersion, bool replace, long updateTime, string? reason, DateTimeOffset at) =>
        new(at, InstanceEventKinds.Change, outcome, desiredVersion, ModeName(replace),
            Detail: reason ?? outcome switch
            {
                "duplicate" => $"Repeats what desired version {desiredVersion} already holds (update_time {Millis(updateTime)}): nothing stored.",
                _ => $"Older than desired version {desiredVersion} (update_time {Millis(updateTime)}): nothing stored, Feishu keeps the newer state.",
            });

    public static InstanceEvent SyncCall(string mode, long desiredVersion, int feishuCode, string? logId, TimeSpan duration, DateTimeOffset at, int taskCount, int ccCount) =>
        new(at, InstanceEventKinds.Sync, "ok", desiredVersion, mode, feishuCode, logId, Milliseconds(duration),
            $"Feishu accepted the {mode} with {taskCount} tasks and {ccCount} CCs.");

    public static InstanceEvent SyncFailed(string mode, long desiredVersion, string kind, int? feishuCode, string? logId, string message, TimeSpan duration, DateTimeOffset at, string next) =>
        new(at, InstanceEventKinds.Sync, "failed", desiredVersion, mode, feishuCode, logId, Milliseconds(duration),
            $"Feishu failed the {mode} ({kind}): msg \"{message}\". {next}");

    public static InstanceEvent NothingToSend(long desiredVersion, DateTimeOffset at) =>
        new(at, InstanceEventKinds.Sync, "nothing", desiredVersion, Detail: "Feishu already had everything of this version: no call.");

    public static InstanceEvent Parked(ParkedState parked, string mode, TimeSpan? duration)
    {
        ArgumentNullException.ThrowIfNull(parked);
        return new InstanceEvent(parked.At, InstanceEventKinds.Park, "parked", parked.ParkedDesiredVersion, mode, parked.Code, parked.LogId,
            duration is { } elapsed ? Milliseconds(elapsed) : null, parked.Reason);
    }

    /// <param name="verdict">in_sync, instance_missing, task_missing, task_stale or instance_stale.</param>
    public static InstanceEvent Checked(string verdict, long? desiredVersion, string? logId, DateTimeOffset at, string detail) =>
        new(at, InstanceEventKinds.Check, verdict, desiredVersion, LogId: logId, Detail: detail);

    public static InstanceEvent Replayed(long desiredVersion, DateTimeOffset at) =>
        new(at, InstanceEventKinds.Replay, "replayed", desiredVersion, Detail: "An operator lifted the park; the instance was nudged to sync again.");

    public static InstanceEvent ResyncRequested(long desiredVersion, DateTimeOffset at) =>
        new(at, InstanceEventKinds.Resync, "requested", desiredVersion, ModeName(replace: true), Detail: $"An operator forced a resync: the next sync sends the complete snapshot as {ModeName(replace: true)}.");

    public static InstanceEvent Purged(string? runId, DateTimeOffset at) =>
        new(at, InstanceEventKinds.Cleanup, "purged", Detail: $"Clean-up run {runId ?? "?"} purged the instance: its wipe is the desired state, sent to Feishu as a {ModeName(replace: true)} like any sync; later changes answer 409.");

    public static string ModeName(bool replace) => FeishuVocabulary.NameOf(replace ? UpdateMode.Replace : UpdateMode.Update);

    private static long Milliseconds(TimeSpan duration) => (long)Math.Round(duration.TotalMilliseconds);

    private static string Millis(long time) => time.ToString(CultureInfo.InvariantCulture);
}
