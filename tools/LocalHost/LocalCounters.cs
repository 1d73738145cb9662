using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using ApprovalFunctions.FunctionApp.Telemetry;

namespace ApprovalFunctions.LocalHost;

/// <summary>
/// Running totals of every counter of the app's meters (<see cref="AppTelemetry.MeterNames"/>, the ones the app exports
/// through OpenTelemetry), for <c>GET /local/counters</c> (the load generator and benchmarks read storage operations and
/// Feishu calls there). Only meters created by this host's <see cref="IMeterFactory"/> are listened to, so two hosts in
/// one process (tests of scale-out) each report their own. Keys are instrument names, plus <c>name{tag=value,...}</c> per tag set and,
/// when a measurement has several tags, <c>name{tag=value}</c> per single tag (so <c>{service=table}</c> adds up every table call).
/// </summary>
public sealed class LocalCounters : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, double> totals = new(StringComparer.Ordinal);

    public LocalCounters(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory)
                && AppTelemetry.MeterNames.Contains(instrument.Meter.Name)
                && IsCounter(instrument))
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();
    }

    /// <summary>The totals now, sorted by key.</summary>
    public SortedDictionary<string, double> Snapshot() => new(totals, StringComparer.Ordinal);

    public void Dispose() => listener.Dispose();

    private static bool IsCounter(Instrument instrument)
    {
        var type = instrument.GetType();
        return type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Counter<>) || definition == typeof(UpDownCounter<>));
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
        if (tags.Length > 0)
        {
            totals.AddOrUpdate(TaggedKey(instrument.Name, tags), value, (_, total) => total + value);
        }

        if (tags.Length > 1)
        {
            foreach (var tag in tags)
            {
                totals.AddOrUpdate(TaggedKey(instrument.Name, [tag]), value, (_, total) => total + value);
            }
        }
    }

    private static string TaggedKey(string name, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var sorted = tags.ToArray();
        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var key = new StringBuilder(name).Append('{');
        for (var i = 0; i < sorted.Length; i++)
        {
            key.Append(i == 0 ? string.Empty : ",").Append(sorted[i].Key).Append('=')
                .Append(Convert.ToString(sorted[i].Value, CultureInfo.InvariantCulture));
        }

        return key.Append('}').ToString();
    }
}
