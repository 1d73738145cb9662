using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Queues;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Operations.Overview;

/// <summary>
/// Builds the overview from what is bounded by today's problems, never by history: the two <c>syncissues</c>
/// partitions (instances needing attention now), the round log (one row), the per-minute Feishu rows (at most 60),
/// and three queue calls (<see cref="SyncQueueDepths"/>). No instance row is read.
/// </summary>
public sealed class OperatorOverview(
    IInstanceStateStore store,
    ReconcileRoundLog rounds,
    FeishuMinuteStore minutes,
    SyncQueueDepths queueDepths,
    IOptions<ConsoleOptions> options,
    TimeProvider timeProvider)
{
    private static readonly TimeSpan ChartSpan = TimeSpan.FromHours(1);

    private readonly ConsoleOptions settings = options.Value;

    public async Task<OverviewAnswer> ReadAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var laggingTask = ListAsync(SyncIssueKind.Lagging, cancellationToken);
        var parkedTask = ListAsync(SyncIssueKind.Parked, cancellationToken);
        var roundsTask = rounds.ListAsync(cancellationToken);
        var minutesTask = minutes.ListAsync(now - ChartSpan, cancellationToken);
        var queuesTask = ReadQueuesAsync(now, cancellationToken);
        var lagging = await laggingTask;
        var parked = await parkedTask;

        return new OverviewAnswer(
            now,
            new IssueList(lagging.Count, [.. lagging.Take(settings.MaxListed)], lagging.Count > settings.MaxListed),
            new ParkedOverview(parked.Count, Group(parked), [.. parked.Take(settings.MaxListed)], parked.Count > settings.MaxListed),
            await roundsTask,
            await minutesTask,
            await queuesTask);
    }

    /// <summary>Parked instances by Feishu code and message, the largest group first; each lists a few instance ids.</summary>
    public static IReadOnlyList<ParkedGroup> Group(IEnumerable<IssueEntry> parked, int idsPerGroup = 5) =>
    [
        .. parked
            .GroupBy(p => (p.FeishuCode, Message: p.FeishuCode is null ? p.Reason : p.FeishuMessage ?? p.Reason))
            .Select(g => new ParkedGroup(
                g.Key.FeishuCode, g.Key.Message, g.Count(), g.Min(p => p.Since), g.Max(p => p.Since),
                [.. g.OrderByDescending(p => p.Since).Take(idsPerGroup).Select(p => p.InstanceId)]))
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g.FeishuCode ?? int.MaxValue),
    ];

    private async Task<List<IssueEntry>> ListAsync(SyncIssueKind kind, CancellationToken cancellationToken)
    {
        var entries = new List<IssueEntry>();
        await foreach (var issue in store.ListIssuesAsync(kind, cancellationToken))
        {
            entries.Add(new IssueEntry(issue.InstanceId, issue.Reason, issue.DesiredVersion, issue.At, issue.FeishuCode, issue.FeishuMessage, issue.LogId));
        }

        return [.. entries.OrderByDescending(e => e.Since)];
    }

    private async Task<QueueOverview> ReadQueuesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var depth = await queueDepths.ReadAsync(cancellationToken);
        var oldest = depth.OldestInsertedOn;
        return new QueueOverview(depth.Messages, oldest, oldest is { } inserted ? Math.Max(0, (now - inserted).TotalSeconds) : null, depth.PoisonMessages);
    }
}
