using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Core.Timeline;

namespace ApprovalFunctions.Core.Operations.Parked;

/// <summary>A parked instance as the <c>syncissues</c> index and its desired state tell.</summary>
public sealed record ParkedEntry(
    string InstanceId,
    string? ApprovalCode,
    string Reason,
    int? FeishuCode,
    string? FeishuMessage,
    string? LogId,
    DateTimeOffset Since,
    long ParkedDesiredVersion);

/// <summary>Filters of the parked list and of "replay all".</summary>
public sealed record ParkedFilter(string? ApprovalCode, int? FeishuCode)
{
    public bool Accepts(ParkedEntry entry) =>
        (ApprovalCode is null || entry.ApprovalCode == ApprovalCode) && (FeishuCode is null || entry.FeishuCode == FeishuCode);
}

/// <summary>The answer of a replay: what was re-nudged, and what was not and why.</summary>
public sealed record ReplayResult(int Replayed, IReadOnlyList<string> ReplayedInstanceIds, IReadOnlyList<ReplaySkip> Skipped);

public sealed record ReplaySkip(string InstanceId, string Reason);

/// <summary>
/// Lists parked instances from the <c>syncissues</c> index (bounded by the number of problems, not by history) and
/// replays them: clears the parked state and the issue row, and nudges the sync at the current desired version.
/// </summary>
public sealed class ParkedInstances(IInstanceStateStore store, ISyncQueue queue, InstanceTimeline timeline)
{
    private static string? SkipReason(InstanceState state) => state switch
    {
        { Desired: null } => "unknown instance",
        { Desired.Document.Purged: true } => "purged by a clean-up run",
        { Synced.Document.Parked: not null } => null,
        _ => "not parked",
    };

    public const int MaxNamedInstances = 1000;

    /// <summary>At most this many parked instances are shown in a listing; the count is always complete.</summary>
    public const int MaxListed = 1000;

    public async Task<IReadOnlyList<ParkedEntry>> ListAsync(ParkedFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var entries = new List<ParkedEntry>();
        await foreach (var issue in store.ListParkedAsync(cancellationToken))
        {
            if (filter.FeishuCode is { } code && issue.FeishuCode != code)
            {
                continue;
            }

            // The approval code lives in desired state; load it only when it is asked for or to show it.
            var desired = (await store.LoadAsync(issue.InstanceId, cancellationToken)).Desired?.Document;
            var entry = new ParkedEntry(issue.InstanceId, desired?.ApprovalCode, issue.Reason, issue.FeishuCode, issue.FeishuMessage, issue.LogId, issue.At, issue.DesiredVersion);
            if (filter.Accepts(entry))
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>What <see cref="ReplayAsync"/> would do, changing nothing: one read per instance.</summary>
    public async Task<ReplayDryRun> DryRunAsync(IReadOnlyCollection<string> instanceIds, int listSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        var replayable = new List<string>();
        var skipped = new List<ReplaySkip>();
        foreach (var instanceId in instanceIds.Distinct(StringComparer.Ordinal))
        {
            var state = await store.LoadAsync(instanceId, cancellationToken);
            if (SkipReason(state) is { } reason)
            {
                skipped.Add(new ReplaySkip(instanceId, reason));
            }
            else
            {
                replayable.Add(instanceId);
            }
        }

        return new ReplayDryRun(replayable.Count, [.. replayable.Take(listSize)], replayable.Count > listSize, [.. skipped.Take(listSize)],
            "Dry run: nothing was changed. Replaying lifts the park of these instances and syncs each at its current desired version.");
    }

    public async Task<ReplayResult> ReplayAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        var replayed = new List<string>();
        var skipped = new List<ReplaySkip>();
        foreach (var instanceId in instanceIds.Distinct(StringComparer.Ordinal))
        {
            var state = await store.LoadAsync(instanceId, cancellationToken);
            if (state.Desired?.Document is not { } desired)
            {
                skipped.Add(new ReplaySkip(instanceId, "unknown instance"));
                continue;
            }

            if (desired.Purged)
            {
                skipped.Add(new ReplaySkip(instanceId, "purged by a clean-up run"));
                await store.ClearIssuesAsync(instanceId, state.SyncedOrEmpty.IssueRows, cancellationToken);
                continue;
            }

            if (state.Synced?.Document.Parked is null)
            {
                skipped.Add(new ReplaySkip(instanceId, "not parked"));
                continue;
            }

            IReadOnlyList<SyncIssueKind> issueRows = [];
            await store.UpdateSyncedAsync(instanceId, loaded =>
            {
                issueRows = loaded.SyncedOrEmpty.IssueRows;
                return loaded.Synced?.Document is { Parked: not null } synced
                    ? timeline.Fold(synced with { Parked = null, LaggingIssue = false, Attempts = 0 }, InstanceEvents.Replayed(desired.DesiredVersion, timeline.Now))
                    : null;
            }, cancellationToken);
            await store.ClearIssuesAsync(instanceId, issueRows, cancellationToken);

            // Like a change from the source: the next reconcile round checks (and confirms the CCs of) the replayed sync.
            await store.RecordChangeAsync(desired, new IndexRows(ChangeIndex: true, SweepIndex: false), timeline.Now, cancellationToken);
            await queue.EnqueueAsync(new SyncNudge(instanceId, desired.DesiredVersion), TimeSpan.Zero, cancellationToken);
            replayed.Add(instanceId);
        }

        return new ReplayResult(replayed.Count, replayed, skipped);
    }
}
