namespace ApprovalFunctions.Feishu.Client;

/// <summary>What the client itself does about a failed attempt before giving the failure to its caller.</summary>
internal enum RetryAdvice
{
    /// <summary>Give the failure to the caller now.</summary>
    None,

    /// <summary>Retry after the jittered exponential backoff.</summary>
    Backoff,

    /// <summary>Retry after Feishu's x-ogw-ratelimit-reset (<see cref="FeishuApiException.RetryAfter"/>).</summary>
    WaitForRateLimitReset,

    /// <summary>Feishu rejected the token: drop it, fetch a new one and retry once.</summary>
    RefreshToken,
}

/// <summary>A failed attempt: the exception the caller gets if it stays failed, and the client's own next step.</summary>
internal sealed record FeishuFailure(FeishuApiException Error, RetryAdvice Advice)
{
    public bool IsRetryable => Advice is RetryAdvice.Backoff or RetryAdvice.WaitForRateLimitReset;

    /// <summary>The wait Feishu asked for, when the client sits it out; null means the configured backoff.</summary>
    public TimeSpan? RetryDelay => Advice == RetryAdvice.WaitForRateLimitReset ? Error.RetryAfter : null;

    /// <summary>The same failure, final: the client does no more about it.</summary>
    public FeishuFailure AsFinal() => this with { Advice = RetryAdvice.None };
}
