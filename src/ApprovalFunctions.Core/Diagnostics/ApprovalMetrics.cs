using System.Diagnostics.Metrics;

namespace ApprovalFunctions.Core.Diagnostics;

/// <summary>
/// The pipeline's counters on the Meter "ApprovalFunctions" (exported by Application Insights / OpenTelemetry in Azure).
/// Created through <see cref="IMeterFactory"/> so tests can collect them per service provider.
/// </summary>
public sealed class ApprovalMetrics
{
    public const string MeterName = "ApprovalFunctions";

    /// <summary>Storage requests by <c>service</c> and <c>operation</c>; the benchmarks read it by this name.</summary>
    public const string StorageOperationsInstrument = "approvalfunctions.storage.operations";

    private readonly Counter<long> received;
    private readonly Counter<long> rejected;
    private readonly Counter<long> staleIgnored;
    private readonly Counter<long> synced;
    private readonly Counter<long> feishuCalls;
    private readonly Counter<long> retries;
    private readonly Counter<long> parked;
    private readonly Counter<long> storageOperations;

    public ApprovalMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        received = meter.CreateCounter<long>("approvalfunctions.ingest.received", "{change}", "Changes received by ingest (before validation).");
        rejected = meter.CreateCounter<long>("approvalfunctions.ingest.rejected", "{change}", "Changes rejected by ingest (4xx).");
        staleIgnored = meter.CreateCounter<long>("approvalfunctions.ingest.stale_ignored", "{change}", "Valid changes ignored as stale or duplicate.");
        synced = meter.CreateCounter<long>("approvalfunctions.sync.synced", "{instance}", "Instances whose sync Feishu accepted.");
        feishuCalls = meter.CreateCounter<long>("approvalfunctions.sync.feishu_calls", "{call}", "Sync calls made to Feishu.");
        retries = meter.CreateCounter<long>("approvalfunctions.sync.retries", "{nudge}", "Nudges re-enqueued after a failed or blocked sync.");
        parked = meter.CreateCounter<long>("approvalfunctions.sync.parked", "{instance}", "Instances parked by the sync engine.");
        storageOperations = meter.CreateCounter<long>(
            StorageOperationsInstrument, "{request}", "Requests the app sent to Table and Queue Storage, retries included (what storage bills and throttles).");
    }

    public void Received(int count = 1) => received.Add(count);

    public void Rejected(int statusCode) => rejected.Add(1, new KeyValuePair<string, object?>("status", statusCode));

    public void StaleIgnored(string outcome) => staleIgnored.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Synced(string mode) => synced.Add(1, new KeyValuePair<string, object?>("mode", mode));

    public void FeishuCall(string mode, string result) =>
        feishuCalls.Add(1, new KeyValuePair<string, object?>("mode", mode), new KeyValuePair<string, object?>("result", result));

    public void Retry(string reason) => retries.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Parked(string cause) => parked.Add(1, new KeyValuePair<string, object?>("cause", cause));

    /// <param name="service">"table" or "queue".</param>
    /// <param name="operation">The HTTP method and the table or queue, e.g. "GET instances".</param>
    public void StorageOperation(string service, string operation) =>
        storageOperations.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("operation", operation));
}
