using System.Diagnostics.Metrics;
using Microsoft.ApplicationInsights;
using Microsoft.Extensions.Hosting;

namespace ApprovalFunctions.FunctionApp.Telemetry;

/// <summary>
/// Forwards the app's System.Diagnostics.Metrics counters (meters "ApprovalFunctions" and "ApprovalFunctions.Feishu")
/// to Application Insights as pre-aggregated custom metrics. The worker's Application Insights SDK (2.x) does not
/// collect Meter instruments by itself, and the Core library stays free of any telemetry vendor.
/// </summary>
public sealed class MetricsToApplicationInsights(TelemetryClient telemetryClient) : IHostedService, IDisposable
{
    public const string MeterPrefix = "ApprovalFunctions";

    private readonly MeterListener listener = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (IsOurs(instrument.Meter.Name))
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Track(instrument, value));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Track(instrument, value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Track(instrument, value));
        listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        listener.Dispose();
        telemetryClient.Flush();
        return Task.CompletedTask;
    }

    public void Dispose() => listener.Dispose();

    internal static bool IsOurs(string meterName) =>
        meterName == MeterPrefix || meterName.StartsWith(MeterPrefix + ".", StringComparison.Ordinal);

    // GetMetric aggregates locally and sends one metric item per minute per series, whatever the call rate.
    private void Track(Instrument instrument, double value) => telemetryClient.GetMetric(instrument.Name).TrackValue(value);
}
