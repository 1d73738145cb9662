namespace ApprovalFunctions.Core.State;

/// <summary>The partitions of the <c>syncissues</c> table.</summary>
public enum SyncIssueKind
{
    /// <summary>The sync lags desired state (found by a reconcile round, or Feishu refused our credentials or quota).</summary>
    Lagging,

    /// <summary>The sync engine parked the instance: it is not sent again until changed or replayed.</summary>
    Parked,
}

/// <summary>A row of <c>syncissues</c>: an instance that needs attention, and why.</summary>
public sealed record SyncIssue(
    SyncIssueKind Kind,
    string InstanceId,
    string Reason,
    long DesiredVersion,
    DateTimeOffset At,
    int? FeishuCode = null,
    string? FeishuMessage = null,
    string? LogId = null);
