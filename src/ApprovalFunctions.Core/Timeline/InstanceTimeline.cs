using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Tables;
using ApprovalFunctions.Feishu.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Timeline;

/// <summary>
/// Records an instance's history. Events ride on writes that happen anyway: a change on the desired row ingest
/// writes, a sync, park, repair, replay or resync on the synced row its writer writes (same entity, same ETag), so
/// they cost no storage call. Only events with no write to ride on go to <c>instanceevents</c>, best effort: a failure
/// there is logged and never fails the change or round it describes.
/// </summary>
public sealed partial class InstanceTimeline(
    InstanceEventStore events,
    IOptions<TimelineOptions> options,
    TimeProvider timeProvider,
    ILogger<InstanceTimeline> logger)
{
    /// <summary>Concurrent writes of in-sync verdicts of one check batch.</summary>
    private const int WriteParallelism = 8;

    private readonly TimelineOptions settings = options.Value;

    public TimelineOptions Settings => settings;

    /// <summary>The oldest time still shown.</summary>
    public DateTimeOffset Cutoff => timeProvider.GetUtcNow() - settings.Retention;

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    /// <summary>The desired row with <paramref name="added"/> in its ring, to be written by the caller's own write.</summary>
    public DesiredState Fold(DesiredState desired, params InstanceEvent[] added)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return desired with { Events = EventRing.Append(desired.Events, added, settings.MaxEventsPerRow, Cutoff) };
    }

    /// <summary>The synced row with <paramref name="added"/> in its ring, to be written by the caller's own write.</summary>
    public SyncedState Fold(SyncedState synced, params InstanceEvent[] added)
    {
        ArgumentNullException.ThrowIfNull(synced);
        return synced with { Events = EventRing.Append(synced.Events, added, settings.MaxEventsPerRow, Cutoff) };
    }

    /// <summary>The merged desired state with the change recorded as queued, for ingest's own write of it.</summary>
    public DesiredState Received(DesiredState merged, ExternalInstance change)
    {
        ArgumentNullException.ThrowIfNull(merged);
        ArgumentNullException.ThrowIfNull(change);
        return Fold(merged, InstanceEvents.ChangeQueued(merged, change.EffectiveUpdateMode == UpdateMode.Replace, Now));
    }

    /// <summary>A change that stored nothing (stale, duplicate, refused), when <see cref="TimelineOptions.RecordIgnoredChanges"/> is on.</summary>
    public Task RecordIgnoredChangeAsync(ExternalInstance change, string outcome, long desiredVersion, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return settings.RecordIgnoredChanges
            ? RecordAsync(change.InstanceId, InstanceEvents.ChangeIgnored(outcome, desiredVersion, change.EffectiveUpdateMode == UpdateMode.Replace, change.UpdateTime, reason, Now), cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>
    /// The instances a check found in sync, when <see cref="TimelineOptions.RecordInSyncChecks"/> is on: one blind upsert
    /// each, of a row that keeps only the latest such verdict (repeats add nothing, and the daily sweep would push
    /// everything else out of a ring).
    /// </summary>
    public Task RecordInSyncAsync(IEnumerable<(string InstanceId, long DesiredVersion)> instances, string? logId, CancellationToken cancellationToken)
    {
        if (!settings.RecordInSyncChecks)
        {
            return Task.CompletedTask;
        }

        var at = timeProvider.GetUtcNow();
        return Parallel.ForEachAsync(
            instances,
            new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken },
            async (instance, ct) => await TryAsync(
                instance.InstanceId,
                InstanceEventKinds.Check,
                () => events.ReplaceLatestAsync(
                    instance.InstanceId,
                    InstanceEventsTable.InSyncRowKey,
                    InstanceEvents.Checked("in_sync", instance.DesiredVersion, logId, at, "Reconcile: Feishu's check API found the instance and every task at the times we last synced."),
                    ct)));
    }

    /// <summary>
    /// An event no existing write can carry (e.g. an action taken outside the sync engine): appended to the instance's
    /// ring in <c>instanceevents</c> (a read and a write). Best effort: a storage failure is logged, not thrown.
    /// </summary>
    public Task RecordAsync(string instanceId, InstanceEvent instanceEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceEvent);
        return TryAsync(instanceId, instanceEvent.Kind, () => events.AppendAsync(instanceId, instanceEvent, settings.MaxEventsPerRow, cancellationToken));
    }

    private async Task TryAsync(string instanceId, string kind, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception exception) when (InstanceEventsTable.IsStorageFailure(exception))
        {
            LogNotRecorded(logger, exception, instanceId, kind);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timeline event {Kind} of instance {InstanceId} not recorded: storage failed.")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string instanceId, string kind);
}
