using System.Collections.Concurrent;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Operations.UserTasks;

/// <summary>
/// The FAQ's first troubleshooting step in one call: the user's Feishu task list (every page of every asked topic), each
/// third-party task judged against desired state, and the user's desired tasks that Feishu does not list.
/// <para>
/// "Missing in Feishu" is looked for among the instances Feishu lists for the user plus those the caller names: desired
/// state has no index by user, and keeping one (a row per user and entity, rewritten on every reassignment, holding
/// personal ids) would cost a write per change for a question operators ask rarely and usually about known instances.
/// </para>
/// </summary>
public sealed class UserTasksInspector(FeishuTaskLister lister, IInstanceStateStore store)
{
    public const int MaxNamedInstances = 200;
    private const int LoadParallelism = 8;

    public async Task<UserTasksReport> InspectAsync(TaskUser user, IReadOnlyList<string> topics, IReadOnlyCollection<string> namedInstanceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(namedInstanceIds);

        var listings = new List<TopicListing>(topics.Count);
        foreach (var topic in topics)
        {
            listings.Add(await lister.ListAsync(user.UserId, user.UserIdType, topic, cancellationToken));
        }

        var instanceIds = listings.SelectMany(l => l.Tasks).Select(t => t.ProcessExternalId).OfType<string>().Where(id => id.Length > 0)
            .Concat(namedInstanceIds).Distinct(StringComparer.Ordinal).ToList();
        var desired = new ConcurrentDictionary<string, DesiredState>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(instanceIds, new ParallelOptions { MaxDegreeOfParallelism = LoadParallelism, CancellationToken = cancellationToken }, async (id, token) =>
        {
            if ((await store.LoadAsync(id, token)).Desired?.Document is { } document)
            {
                desired[id] = document;
            }
        });

        var annotations = listings
            .SelectMany(l => l.Tasks.Select(t => TaskAnnotator.Annotate(l.Topic, t, t.ProcessExternalId is { } id ? desired.GetValueOrDefault(id) : null, user)))
            .ToList();
        var canFindMissing = user.CanMatchDesiredState;
        var missing = canFindMissing ? TaskAnnotator.FindMissing(user, listings, desired.Values.OrderBy(d => d.InstanceId, StringComparer.Ordinal)) : [];

        return new UserTasksReport(
            [.. topics],
            annotations.Count,
            listings.Where(l => l.Truncated).Select(l => l.Topic).ToList(),
            annotations.Count(a => a.Verdict is not (AnnotationVerdicts.Ok or AnnotationVerdicts.NotThirdParty)) + missing.Count,
            annotations,
            missing,
            canFindMissing
                ? $"Looked for missing entities among {instanceIds.Count} instances: those Feishu lists for the user and those named in instance_ids."
                : "Missing entities cannot be looked for by union_id: desired state holds user_id and open_id only.");
    }

    /// <summary>Topics from the query: one of 1, 2, 3, 17, 18, or "all"; null when invalid.</summary>
    public static IReadOnlyList<string>? ParseTopics(string? topic) =>
        string.Equals(topic, "all", StringComparison.OrdinalIgnoreCase) ? UserTaskTopics.All
        : topic is not null && UserTaskTopics.All.Contains(topic) ? [topic]
        : null;
}

/// <summary>The answer of <c>GET /api/ops/users/{userId}/tasks</c>.</summary>
/// <param name="Problems">Tasks whose verdict is neither "ok" nor "not_third_party", plus the missing ones.</param>
public sealed record UserTasksReport(
    IReadOnlyList<string> Topics,
    int Listed,
    IReadOnlyList<string> TruncatedTopics,
    int Problems,
    IReadOnlyList<TaskAnnotation> Tasks,
    IReadOnlyList<MissingInFeishu> MissingInFeishu,
    string MissingCheck);
