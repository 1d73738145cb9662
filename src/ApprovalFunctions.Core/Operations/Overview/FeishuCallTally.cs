using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ApprovalFunctions.Feishu.Client;

namespace ApprovalFunctions.Core.Operations.Overview;

/// <summary>
/// Counts this host's Feishu calls, rate-limit answers and failures per UTC minute in memory, from the Feishu client's
/// own counters (<see cref="FeishuMetrics"/>): no code on the call path, no storage call per Feishu call. Only meters
/// of this host's <see cref="IMeterFactory"/> are listened to, so two hosts in one process count their own.
/// <see cref="FeishuMinuteFlusher"/> empties it into storage.
/// </summary>
public sealed class FeishuCallTally : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<long, long[]> pending = new();
    private readonly TimeProvider timeProvider;

    public FeishuCallTally(IMeterFactory meterFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        this.timeProvider = timeProvider;
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Meter.Name == FeishuMetrics.MeterName
                && instrument.Name is FeishuMetrics.Calls or FeishuMetrics.Failures or FeishuMetrics.RateLimitWaits)
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Count(instrument.Name, value, tags));
        listener.Start();
    }

    /// <summary>Takes the counts gathered so far (they are not returned again).</summary>
    public IReadOnlyList<FeishuMinuteCounts> Take()
    {
        var taken = new List<FeishuMinuteCounts>();
        foreach (var minute in pending.Keys.Order())
        {
            if (pending.TryRemove(minute, out var counts))
            {
                taken.Add(new FeishuMinuteCounts(new DateTimeOffset(minute, TimeSpan.Zero), Interlocked.Read(ref counts[0]), Interlocked.Read(ref counts[1]), Interlocked.Read(ref counts[2])));
            }
        }

        return taken;
    }

    /// <summary>Puts counts back after a failed flush, so the next one carries them.</summary>
    public void Return(IEnumerable<FeishuMinuteCounts> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        foreach (var minute in counts)
        {
            var slot = pending.GetOrAdd(minute.Minute.UtcTicks, _ => new long[3]);
            Interlocked.Add(ref slot[0], minute.Calls);
            Interlocked.Add(ref slot[1], minute.RateLimited);
            Interlocked.Add(ref slot[2], minute.Failures);
        }
    }

    public void Dispose() => listener.Dispose();

    private void Count(string instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var index = instrument switch
        {
            FeishuMetrics.Calls => 0,
            FeishuMetrics.RateLimitWaits when IsFromFeishu(tags) => 1,
            FeishuMetrics.Failures => 2,
            _ => -1,
        };
        if (index < 0)
        {
            return;
        }

        var now = timeProvider.GetUtcNow().UtcTicks;
        var minute = now - (now % TimeSpan.TicksPerMinute);
        Interlocked.Add(ref pending.GetOrAdd(minute, _ => new long[3])[index], value);
    }

    // The outbound limiter's own waits are this host pacing itself; only Feishu's 429 / 99991400 count as rate-limited.
    private static bool IsFromFeishu(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "source")
            {
                return Equals(tag.Value, "feishu");
            }
        }

        return false;
    }
}
