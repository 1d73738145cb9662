namespace ApprovalFunctions.Core.Ingest;

public enum IngestOutcomeKind
{
    /// <summary>Stored as desired state and nudged: Feishu will get it.</summary>
    Queued,

    /// <summary>Older than desired state: nothing stored.</summary>
    Stale,

    /// <summary>Already in desired state: nothing stored.</summary>
    Duplicate,

    /// <summary>Refused (409): approval_code changed, or the instance was purged.</summary>
    Conflict,

    /// <summary>
    /// Refused (422): valid alone, but merged into desired state it breaks a limit that Feishu or storage imposes
    /// (300 tasks, 200 CCs, the stored size): it could never be delivered, so it is not acknowledged.
    /// </summary>
    Unprocessable,
}

/// <summary>What ingest did with one valid change.</summary>
public sealed record IngestOutcome(IngestOutcomeKind Kind, string InstanceId, long DesiredVersion, string? Message = null, string? ProblemPath = null)
{
    /// <summary>The outcome word of the 202 body.</summary>
    public string OutcomeName => Kind switch
    {
        IngestOutcomeKind.Queued => "queued",
        IngestOutcomeKind.Stale => "stale",
        IngestOutcomeKind.Duplicate => "duplicate",
        IngestOutcomeKind.Conflict => "conflict",
        IngestOutcomeKind.Unprocessable => "unprocessable",
        _ => throw new InvalidOperationException($"Unknown ingest outcome {Kind}."),
    };

    public bool IsAccepted => Kind is IngestOutcomeKind.Queued or IngestOutcomeKind.Stale or IngestOutcomeKind.Duplicate;
}
