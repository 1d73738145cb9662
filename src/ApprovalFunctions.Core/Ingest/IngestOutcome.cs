using System.Net;

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

    /// <summary>The status the single endpoint answers and a batch item carries: 202 accepted, 409 conflict, 422 over a limit.</summary>
    public int StatusCode => Kind switch
    {
        IngestOutcomeKind.Conflict => (int)HttpStatusCode.Conflict,
        IngestOutcomeKind.Unprocessable => (int)HttpStatusCode.UnprocessableEntity,
        _ => (int)HttpStatusCode.Accepted,
    };

    /// <summary>A refusal as a problem by path, the form every error answer lists.</summary>
    public IngestProblem Problem => new(ProblemPath ?? JsonPath.Root, Message ?? "The change was refused.");
}

/// <summary>
/// One item of a batch after ingest: its status as the single endpoint would answer it, and the outcome when the item was
/// valid (null when it was refused at validation, <see cref="Problems"/> then says why).
/// </summary>
public sealed record IngestBatchItem(int Index, int StatusCode, IngestOutcome? Outcome, IReadOnlyList<IngestProblem> Problems);
