namespace ApprovalFunctions.Feishu.Client;

/// <summary>Names of the client's meter and instruments, for dashboards, alerts and metric listeners.</summary>
public static class FeishuMetrics
{
    public const string MeterName = "ApprovalFunctions.Feishu";

    /// <summary>Calls of <see cref="IFeishuApprovalClient"/>. Tags: operation, outcome (success, failure).</summary>
    public const string Calls = "feishu.client.calls";

    /// <summary>HTTP requests to the approval API, retries included. Tags: operation.</summary>
    public const string Requests = "feishu.client.requests";

    /// <summary>Retries inside the client. Tags: operation, reason (backoff, rate_limit_reset, token_refresh).</summary>
    public const string Retries = "feishu.client.retries";

    /// <summary>Calls that failed after the client's retries. Tags: operation, kind (Transient, Permanent, Auth, Quota).</summary>
    public const string Failures = "feishu.client.failures";

    /// <summary>Waits for the rate limit. Tags: source (outbound_limiter: this host's share was used up; feishu: 429 or 99991400).</summary>
    public const string RateLimitWaits = "feishu.client.rate_limit_waits";

    /// <summary>Requests for a tenant access token. Tags: outcome (success, failure).</summary>
    public const string TokenRequests = "feishu.client.token_requests";
}
