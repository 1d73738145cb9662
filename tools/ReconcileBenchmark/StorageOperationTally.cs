using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ApprovalFunctions.Core.Diagnostics;

namespace ApprovalFunctions.ReconcileBenchmark;

/// <summary>
/// Counts the app's storage requests (the <c>approvalfunctions.storage.operations</c> counter, by operation) while
/// enabled, so the benchmark can say what the round itself cost in round trips, not only in entities.
/// </summary>
internal sealed class StorageOperationTally : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, long> byOperation = new(StringComparer.Ordinal);
    private volatile bool counting;

    public StorageOperationTally()
    {
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == ApprovalMetrics.MeterName && instrument.Name == ApprovalMetrics.StorageOperationsInstrument)
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, tags, _) =>
        {
            if (!counting)
            {
                return;
            }

            var operation = "?";
            foreach (var tag in tags)
            {
                if (tag.Key == "operation")
                {
                    operation = tag.Value as string ?? "?";
                }
            }

            byOperation.AddOrUpdate(operation, measurement, (_, total) => total + measurement);
        });
        listener.Start();
    }

    public long Total => byOperation.Values.Sum();

    public void Start() => counting = true;

    public void Stop() => counting = false;

    /// <summary>"GET instances 1,067, GET changeindex 2, ..." (largest first).</summary>
    public string Describe() => string.Join(", ", byOperation.OrderByDescending(pair => pair.Value).Select(pair => $"{pair.Key} {pair.Value:N0}"));

    public void Dispose() => listener.Dispose();
}
