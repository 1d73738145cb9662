namespace ApprovalFunctions.Core.Operations.Overview;

/// <summary>Feishu traffic of one UTC minute, added up over every host.</summary>
/// <param name="Minute">The minute's start (UTC).</param>
/// <param name="Calls">Calls of the Feishu client (syncs, checks, task queries, clean-up), each counted once whatever its retries.</param>
/// <param name="RateLimited">Feishu's rate-limit answers (HTTP 429 or code 99991400).</param>
/// <param name="Failures">Calls that failed after the client's retries.</param>
public sealed record FeishuMinuteCounts(DateTimeOffset Minute, long Calls, long RateLimited, long Failures)
{
    public bool IsEmpty => Calls == 0 && RateLimited == 0 && Failures == 0;

    public FeishuMinuteCounts Plus(FeishuMinuteCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with { Calls = Calls + other.Calls, RateLimited = RateLimited + other.RateLimited, Failures = Failures + other.Failures };
    }
}
