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

    /// <summary>Refused (400): the change cannot be stored as sent (e.g. an instance id too long for a table key).</summary>
    Invalid,
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
        IngestOutcomeKind.Invalid => "invalid",
        _ => throw new InvalidOperationException($"Unknown ingest outcome {Kind}."),
    };

    public bool IsAccepted => Kind is IngestOutcomeKind.Queued or IngestOutcomeKind.Stale or IngestOutcomeKind.Duplicate;
}
