using System.Globalization;
using System.Text.Json.Serialization;

namespace FeishuEmulator.Configuration;

/// <summary>An immutable copy of <see cref="FaultSettings"/>; also the JSON shape of <c>/emulator/faults</c>.</summary>
public sealed record FaultSettingsValues
{
    /// <summary>
    /// Delay before every Feishu answer. Latency and <see cref="TimeoutDelay"/> wait on the emulator's clock:
    /// under a FakeTimeProvider they last until the test advances it.
    /// </summary>
    public int LatencyMs { get; init; }

    /// <summary>Share of calls answered HTTP 500 or 503 with a non-JSON body (a gateway failure).</summary>
    public double ServerErrorRate { get; init; }

    /// <summary>Share of calls answered 429 / 99991400 with the rate-limit headers.</summary>
    public double RateLimitRate { get; init; }

    /// <summary>Share of calls answered 400 / 1395001 "try again later".</summary>
    public double TryAgainLaterRate { get; init; }

    /// <summary>Share of calls answered 500 / 2200 internal error.</summary>
    public double InternalErrorRate { get; init; }

    /// <summary>Share of calls held for <see cref="TimeoutDelay"/> (or until the client aborts), then answered 504.</summary>
    public double TimeoutRate { get; init; }

    /// <summary>Share of sync calls answered code 0 with the normal echo while nothing is applied.</summary>
    public double SilentDropRate { get; init; }

    /// <summary>
    /// The first N sync calls that carry CCs and no task are silently dropped, whatever the dice say (Sync must be a
    /// target): a test can count on meeting the loss that the check API cannot see. Setting the faults again restarts
    /// the count.
    /// </summary>
    public int SilentDropFirstCcOnlyCalls { get; init; }

    public TimeSpan TimeoutDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Which endpoints the rates apply to (latency applies to every Feishu endpoint).</summary>
    public FaultTargets Targets { get; init; } = FaultTargets.Sync;

    /// <summary>Seed of the fault dice; null draws a random seed.</summary>
    public int? Seed { get; init; }

    [JsonIgnore]
    public double TotalRate =>
        ServerErrorRate + RateLimitRate + TryAgainLaterRate + InternalErrorRate + TimeoutRate + SilentDropRate;

    public void Validate()
    {
        if (LatencyMs < 0)
        {
            throw new ArgumentException("LatencyMs must not be negative.", nameof(LatencyMs));
        }

        CheckRate(ServerErrorRate, nameof(ServerErrorRate));
        CheckRate(RateLimitRate, nameof(RateLimitRate));
        CheckRate(TryAgainLaterRate, nameof(TryAgainLaterRate));
        CheckRate(InternalErrorRate, nameof(InternalErrorRate));
        CheckRate(TimeoutRate, nameof(TimeoutRate));
        CheckRate(SilentDropRate, nameof(SilentDropRate));
        if (TotalRate > 1.0 + 1e-9)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The fault rates add up to {TotalRate}; they must add up to at most 1."),
                nameof(TotalRate));
        }

        if (SilentDropFirstCcOnlyCalls < 0)
        {
            throw new ArgumentException("SilentDropFirstCcOnlyCalls must not be negative.", nameof(SilentDropFirstCcOnlyCalls));
        }

        if (TimeoutDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("TimeoutDelay must not be negative.", nameof(TimeoutDelay));
        }
    }

    private static void CheckRate(double rate, string name)
    {
        if (double.IsNaN(rate) || rate < 0 || rate > 1)
        {
            throw new ArgumentException($"{name} must be between 0 and 1.", name);
        }
    }
}
