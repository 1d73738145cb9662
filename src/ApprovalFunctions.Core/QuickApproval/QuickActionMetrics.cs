using System.Diagnostics.Metrics;
using ApprovalFunctions.Core.Diagnostics;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>Quick approval's instruments on the app's meter (<see cref="ApprovalMetrics.MeterName"/>), forwarded like the others.</summary>
public sealed class QuickActionMetrics
{
    private readonly Counter<long> relayed;
    private readonly Counter<long> refusedRequests;
    private readonly Counter<long> recordFailures;
    private readonly Histogram<double> sourceDuration;

    public QuickActionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(ApprovalMetrics.MeterName);
        relayed = meter.CreateCounter<long>(
            "approvalfunctions.callback.relayed", "{action}", "Quick-approval actions relayed to the source, by outcome (accepted, refused, failed) and failure kind.");
        refusedRequests = meter.CreateCounter<long>(
            "approvalfunctions.callback.refused_requests", "{request}", "Callbacks refused before any relay (not configured, bad token, body or size), by status.");
        recordFailures = meter.CreateCounter<long>(
            "approvalfunctions.callback.record_failures", "{action}", "Relayed actions whose record could not be written to storage.");
        sourceDuration = meter.CreateHistogram<double>(
            "approvalfunctions.callback.source_duration", "ms", "How long the source took to answer a relayed action.");
    }

    public void Relayed(SourceAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        relayed.Add(1, new KeyValuePair<string, object?>("outcome", answer.OutcomeName), new KeyValuePair<string, object?>("failure", answer.FailureKind ?? "none"));
        sourceDuration.Record(answer.Duration.TotalMilliseconds, new KeyValuePair<string, object?>("outcome", answer.OutcomeName));
    }

    public void RefusedRequest(int statusCode) => refusedRequests.Add(1, new KeyValuePair<string, object?>("status", statusCode));

    public void RecordFailed() => recordFailures.Add(1);
}
