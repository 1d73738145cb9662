namespace ApprovalFunctions.LoadGenerator.Delivery;

/// <summary>The 202 body of <c>POST /api/instances</c>.</summary>
internal sealed record IngestResponse
{
    public string? InstanceId { get; init; }

    /// <summary>queued, stale or duplicate.</summary>
    public string? Outcome { get; init; }

    public long? DesiredVersion { get; init; }
}

internal enum SendStatus
{
    /// <summary>202 with a well-formed answer.</summary>
    Accepted,

    /// <summary>4xx: the pipeline refused a valid body, a bug on one side or the other.</summary>
    Rejected,

    /// <summary>A 2xx/3xx whose status or body is not the documented one.</summary>
    Unexpected,

    /// <summary>Still 5xx or a transport error after every retry.</summary>
    Failed,
}

/// <summary>How one planned send ended.</summary>
/// <param name="Latency">Duration of the attempt that got the final answer.</param>
/// <param name="Retries">Attempts repeated after a 5xx or a transport error.</param>
/// <param name="Problem">For anything but <see cref="SendStatus.Accepted"/>: the status and the start of the body.</param>
internal sealed record SendResult(SendStatus Status, string? Outcome, TimeSpan Latency, int Retries, string? Problem);
