namespace ApprovalFunctions.Core.Operations.Parked;

/// <summary>The body of <c>POST /api/ops/parked/replay</c>: named instances, or all parked ones matching the filters.</summary>
public sealed record ReplayRequest
{
    public IReadOnlyList<string>? InstanceIds { get; init; }

    public bool? All { get; init; }

    public string? ApprovalCode { get; init; }

    public int? FeishuCode { get; init; }
}

/// <summary>The answer of <c>GET /api/ops/parked</c>.</summary>
public sealed record ParkedListAnswer(int Count, IReadOnlyList<ParkedEntry> Instances, bool Truncated);
