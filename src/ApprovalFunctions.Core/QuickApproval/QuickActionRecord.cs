namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>
/// One relayed action as recorded in the <c>quickactions</c> table and shown by diagnose: when it came, what the source
/// answered and how fast, what Feishu was told. Business ids only: no user id, reason or attachment (personal data).
/// </summary>
public sealed record QuickActionRecord
{
    public string? InstanceId { get; init; }

    public string? TaskId { get; init; }

    public required string ActionType { get; init; }

    /// <summary>The <c>webhook-id</c> the source received: equal for every tap on the same task and action.</summary>
    public required string WebhookId { get; init; }

    public string? ApprovalCode { get; init; }

    public string? MessageId { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When the action was sent to the source (after authentication and decryption).</summary>
    public required DateTimeOffset RelayedAt { get; init; }

    /// <summary>accepted, refused or failed (see <see cref="SourceOutcome"/>).</summary>
    public required string Outcome { get; init; }

    /// <summary>The source's HTTP status; null when it did not answer.</summary>
    public int? SourceStatus { get; init; }

    /// <summary>Why the relay failed (<see cref="SourceFailureKinds"/>), when it did.</summary>
    public string? FailureKind { get; init; }

    /// <summary>The source's refusal message, as the approver saw it.</summary>
    public string? SourceMessage { get; init; }

    /// <summary>From sending the action to the source's answer (or giving up).</summary>
    public required long DurationMs { get; init; }

    /// <summary>The HTTP status Feishu got.</summary>
    public required int FeishuStatus { get; init; }
}

/// <summary>An action the source accepted whose new task status has not been seen yet (a row of the awaiting index).</summary>
public sealed record AwaitingAction(
    string InstanceId,
    string TaskId,
    string ActionType,
    string? ApprovalCode,
    string WebhookId,
    DateTimeOffset AcceptedAt,
    string RowKey);
