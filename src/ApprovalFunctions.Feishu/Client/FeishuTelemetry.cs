using System.Diagnostics.Metrics;

namespace ApprovalFunctions.Feishu.Client;

/// <summary>The client's counters (<see cref="FeishuMetrics"/>), on a meter owned by the host's <see cref="IMeterFactory"/>.</summary>
internal sealed class FeishuTelemetry
{
    private readonly Counter<long> calls;
    private readonly Counter<long> requests;
    private readonly Counter<long> retries;
    private readonly Counter<long> failures;
    private readonly Counter<long> rateLimitWaits;
    private readonly Counter<long> tokenRequests;

    public FeishuTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(FeishuMetrics.MeterName);
        calls = meter.CreateCounter<long>(FeishuMetrics.Calls, "{call}", "Calls of the Feishu approval client.");
        requests = meter.CreateCounter<long>(FeishuMetrics.Requests, "{request}", "HTTP requests to the Feishu approval API, retries included.");
        retries = meter.CreateCounter<long>(FeishuMetrics.Retries, "{retry}", "Retries inside the Feishu client.");
        failures = meter.CreateCounter<long>(FeishuMetrics.Failures, "{call}", "Feishu calls that failed after the client's retries.");
        rateLimitWaits = meter.CreateCounter<long>(FeishuMetrics.RateLimitWaits, "{wait}", "Waits for the outbound limiter or for Feishu's rate-limit reset.");
        tokenRequests = meter.CreateCounter<long>(FeishuMetrics.TokenRequests, "{request}", "Requests for a Feishu tenant access token.");
    }

    public void CallSucceeded(string operation) => calls.Add(1, Operation(operation), new("outcome", "success"));

    public void CallFailed(string operation, FeishuErrorKind kind)
    {
        calls.Add(1, Operation(operation), new("outcome", "failure"));
        failures.Add(1, Operation(operation), new("kind", kind.ToString()));
    }

    public void RequestSent(string operation) => requests.Add(1, Operation(operation));

    public void Retrying(string operation, string reason) => retries.Add(1, Operation(operation), new("reason", reason));

    public void WaitingForOutboundLimiter() => rateLimitWaits.Add(1, new KeyValuePair<string, object?>("source", "outbound_limiter"));

    public void WaitingForFeishuRateLimit() => rateLimitWaits.Add(1, new KeyValuePair<string, object?>("source", "feishu"));

    public void TokenRequested(bool succeeded) => tokenRequests.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));

    private static KeyValuePair<string, object?> Operation(string operation) => new("operation", operation);
}
