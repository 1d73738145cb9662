namespace ApprovalFunctions.Core.Operations.Parked;

/// <summary>The body of <c>POST /api/ops/parked/replay</c>: named instances, or all parked ones matching the filters.</summary>
public sealed record ReplayRequest
{
    public IReadOnlyList<string>? InstanceIds { get; init; }

    public bool? All { get; init; }

    public string? ApprovalCode { get; init; }

    public int? FeishuCode { get; init; }

    /// <summary>Count what would be replayed and change nothing.</summary>
    public bool? DryRun { get; init; }
}

/// <summary>The answer of a replay dry run: how many instances a replay would nudge, the first of them, and what it would skip.</summary>
public sealed record ReplayDryRun(int WouldReplay, IReadOnlyList<string> InstanceIds, bool InstanceIdsTruncated, IReadOnlyList<ReplaySkip> Skipped, string Note);

/// <summary>The answer of <c>GET /api/ops/parked</c>.</summary>
public sealed record ParkedListAnswer(int Count, IReadOnlyList<ParkedEntry> Instances, bool Truncated);
