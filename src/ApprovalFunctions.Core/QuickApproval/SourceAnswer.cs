namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>How the source system took a relayed action.</summary>
public enum SourceOutcome
{
    /// <summary>2xx: the source acted; its new task status will come back through ingest.</summary>
    Accepted,

    /// <summary>4xx (but 408 and 429): the source refused, usually with a message for the approver.</summary>
    Refused,

    /// <summary>No usable answer: unreachable, 5xx, 408/429, or slower than <see cref="CallbackOptions.Timeout"/>.</summary>
    Failed,
}

/// <summary>Why a relay <see cref="SourceOutcome.Failed"/>.</summary>
public static class SourceFailureKinds
{
    public const string Timeout = "timeout";
    public const string Unreachable = "unreachable";
    public const string ServerError = "server_error";
    public const string Busy = "busy";
    public const string UnexpectedStatus = "unexpected_status";
}

/// <param name="StatusCode">The source's HTTP status; null when it did not answer.</param>
/// <param name="Message">The source's <c>message</c> for the approver, when it refused with one.</param>
/// <param name="WithoutPrefix">The source's <c>without_prefix</c>: Feishu then shows the message alone.</param>
/// <param name="FailureKind">One of <see cref="SourceFailureKinds"/> when <paramref name="Outcome"/> is Failed.</param>
public sealed record SourceAnswer(
    SourceOutcome Outcome,
    int? StatusCode,
    string? Message,
    bool? WithoutPrefix,
    string? FailureKind,
    TimeSpan Duration)
{
    public string OutcomeName => Outcome switch
    {
        SourceOutcome.Accepted => "accepted",
        SourceOutcome.Refused => "refused",
        _ => "failed",
    };
}
