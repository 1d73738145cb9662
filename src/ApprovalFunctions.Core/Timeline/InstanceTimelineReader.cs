using ApprovalFunctions.Core.QuickApproval;
using ApprovalFunctions.Core.State;

namespace ApprovalFunctions.Core.Timeline;

/// <summary>The answer of <c>GET /api/ops/instances/{instanceId}/timeline</c>: newest first.</summary>
public sealed record InstanceTimelineAnswer(string InstanceId, IReadOnlyList<InstanceEvent> Events, int MaxEventsPerRow, TimeSpan Retention);

/// <summary>
/// Reads one instance's timeline: the rings of its desired and synced rows (one partition query), its
/// <c>instanceevents</c> rows (one more), the purge the desired row records, and its quick-approval actions from the
/// <c>quickactions</c> rows the relay writes anyway (a third query, within retention, the newest
/// <see cref="TimelineOptions.MaxEventsPerRow"/>). Three queries, run together, whatever the history.
/// </summary>
public sealed class InstanceTimelineReader(IInstanceStateStore store, InstanceEventStore events, IQuickActionLog quickActions, InstanceTimeline timeline)
{
    /// <summary>Null when the instance is unknown.</summary>
    public async Task<InstanceTimelineAnswer?> ReadAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var stateTask = store.LoadAsync(instanceId, cancellationToken);
        var sideTask = ListSideAsync(instanceId, cancellationToken);
        var cutoff = timeline.Cutoff;
        var actionsTask = quickActions.ListRecentAsync(instanceId, cutoff, timeline.Settings.MaxEventsPerRow, cancellationToken);
        var state = await stateTask;
        var side = await sideTask;
        var actions = await actionsTask;
        if (state.Desired?.Document is not { } desired)
        {
            return null;
        }

        var all = new List<InstanceEvent>();
        all.AddRange(desired.Events ?? []);
        all.AddRange(state.Synced?.Document.Events ?? []);
        all.AddRange(side);
        all.AddRange(actions.Select(QuickActionEvents.From));
        if (desired.Purged && desired.PurgedAt is { } purgedAt)
        {
            all.Add(InstanceEvents.Purged(desired.PurgeRunId, purgedAt));
        }

        var ordered = all.Where(e => e.At >= cutoff).Distinct().OrderByDescending(e => e.At).ToList();
        return new InstanceTimelineAnswer(instanceId, ordered, timeline.Settings.MaxEventsPerRow, timeline.Settings.Retention);
    }

    private async Task<List<InstanceEvent>> ListSideAsync(string instanceId, CancellationToken cancellationToken)
    {
        var list = new List<InstanceEvent>();
        await foreach (var stored in events.ListAsync(instanceId, cancellationToken))
        {
            list.Add(stored);
        }

        return list;
    }
}
