namespace ApprovalFunctions.Core.Operations.Overview;

/// <summary>The answer of <c>GET /api/ops/overview</c>: what an operator looks at first.</summary>
public sealed record OverviewAnswer(
    DateTimeOffset Now,
    IssueList Lagging,
    ParkedOverview Parked,
    IReadOnlyList<RoundRecord> Rounds,
    IReadOnlyList<FeishuMinuteCounts> FeishuMinutes,
    QueueOverview Queues);

/// <summary>An instance of <c>syncissues</c>: why it lags or is parked, with Feishu's code, msg and log id when Feishu refused.</summary>
public sealed record IssueEntry(string InstanceId, string Reason, long DesiredVersion, DateTimeOffset Since, int? FeishuCode, string? FeishuMessage, string? LogId);

public sealed record IssueList(int Count, IReadOnlyList<IssueEntry> Instances, bool Truncated);

/// <summary>Parked instances that share Feishu's code and message (or, with no code, the park reason).</summary>
public sealed record ParkedGroup(int? FeishuCode, string Message, int Count, DateTimeOffset Oldest, DateTimeOffset Newest, IReadOnlyList<string> InstanceIds);

public sealed record ParkedOverview(int Count, IReadOnlyList<ParkedGroup> Groups, IReadOnlyList<IssueEntry> Instances, bool Truncated);

/// <summary>
/// The queues: messages waiting (approximate, as storage counts), and the age of the oldest visible nudge (a nudge
/// delayed for a retry is not visible until its delay ends, so it is not the oldest until then).
/// </summary>
public sealed record QueueOverview(int SyncQueued, DateTimeOffset? OldestSyncInsertedAt, double? OldestSyncAgeSeconds, int SyncPoison);
