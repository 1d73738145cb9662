namespace ApprovalFunctions.Core.Operations.Cleanup;

/// <summary>The answer of a clean-up dry run. No token when the scope covers nothing.</summary>
public sealed record CleanupPlanAnswer(
    string? RunId,
    string? ConfirmationToken,
    DateTimeOffset? ExpiresAt,
    string Scope,
    int Count,
    int AlreadyPurged,
    int FoundOnlyInFeishu,
    IReadOnlyList<CleanupTarget> Instances,
    bool InstancesTruncated,
    int NotFoundCount,
    IReadOnlyList<string> NotFound,
    string Note);

/// <summary>Where a clean-up run stands (<c>GET /api/ops/cleanup/{runId}</c>).</summary>
/// <param name="State">planned, expired, confirmed, running, completed or completed_with_failures.</param>
public sealed record CleanupProgress(
    string RunId,
    string State,
    string Scope,
    int Planned,
    int Waiting,
    int Done,
    int Failed,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? ConfirmedAt,
    IReadOnlyList<CleanupFailure> Failures);

public sealed record CleanupFailure(string InstanceId, string Reason, int? FeishuCode, string? LogId);
