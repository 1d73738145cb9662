namespace FeishuEmulator.Configuration;

/// <summary>
/// Fault injection of the emulator, changeable while it runs (from tests, or <c>PUT /emulator/faults</c>).
/// Every property reads and writes under one lock, so a test may flip faults while calls are in flight.
/// </summary>
public sealed class FaultSettings
{
    private readonly Lock _gate = new();
    private FaultSettingsValues _values = new();
    private Random _dice = new();
    private int _ccOnlyDropsLeft;

    public int LatencyMs { get => Snapshot().LatencyMs; set => Change(v => v with { LatencyMs = value }); }

    public double ServerErrorRate { get => Snapshot().ServerErrorRate; set => Change(v => v with { ServerErrorRate = value }); }

    public double RateLimitRate { get => Snapshot().RateLimitRate; set => Change(v => v with { RateLimitRate = value }); }

    public double TryAgainLaterRate { get => Snapshot().TryAgainLaterRate; set => Change(v => v with { TryAgainLaterRate = value }); }

    public double InternalErrorRate { get => Snapshot().InternalErrorRate; set => Change(v => v with { InternalErrorRate = value }); }

    public double TimeoutRate { get => Snapshot().TimeoutRate; set => Change(v => v with { TimeoutRate = value }); }

    public double SilentDropRate { get => Snapshot().SilentDropRate; set => Change(v => v with { SilentDropRate = value }); }

    /// <summary>Setting it restarts the count of forced drops.</summary>
    public int SilentDropFirstCcOnlyCalls
    {
        get => Snapshot().SilentDropFirstCcOnlyCalls;
        set
        {
            lock (_gate)
            {
                Change(v => v with { SilentDropFirstCcOnlyCalls = value });
                _ccOnlyDropsLeft = value;
            }
        }
    }

    public TimeSpan TimeoutDelay { get => Snapshot().TimeoutDelay; set => Change(v => v with { TimeoutDelay = value }); }

    public FaultTargets Targets { get => Snapshot().Targets; set => Change(v => v with { Targets = value }); }

    /// <summary>Setting a seed restarts the dice from it, so the sequence of faults repeats.</summary>
    public int? Seed
    {
        get => Snapshot().Seed;
        set => Set(Snapshot() with { Seed = value });
    }

    public FaultSettingsValues Snapshot()
    {
        lock (_gate)
        {
            return _values;
        }
    }

    /// <summary>Replaces every setting at once (validated); a seed in <paramref name="values"/> restarts the dice.</summary>
    public void Set(FaultSettingsValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        values.Validate();
        lock (_gate)
        {
            _values = values;
            _dice = values.Seed is { } seed ? new Random(seed) : new Random();
            _ccOnlyDropsLeft = values.SilentDropFirstCcOnlyCalls;
        }
    }

    /// <summary>Turns every fault off.</summary>
    public void Clear() => Set(new FaultSettingsValues());

    /// <summary>Rolls the dice for one call to <paramref name="target"/>.</summary>
    internal FaultKind Roll(FaultTargets target, bool silentDropApplies)
    {
        lock (_gate)
        {
            var v = _values;
            if ((v.Targets & target) == 0 || v.TotalRate <= 0)
            {
                return FaultKind.None;
            }

            var roll = _dice.NextDouble();
            var edge = 0.0;
            foreach (var (kind, rate) in new[]
            {
                (FaultKind.ServerError, v.ServerErrorRate),
                (FaultKind.RateLimited, v.RateLimitRate),
                (FaultKind.TryAgainLater, v.TryAgainLaterRate),
                (FaultKind.InternalError, v.InternalErrorRate),
                (FaultKind.Timeout, v.TimeoutRate),
                (FaultKind.SilentDrop, silentDropApplies ? v.SilentDropRate : 0),
            })
            {
                edge += rate;
                if (roll < edge)
                {
                    return kind;
                }
            }

            return FaultKind.None;
        }
    }

    /// <summary>Takes one of the forced drops of a sync call that carries CCs and no task, while any are left.</summary>
    internal bool TakeCcOnlyDrop()
    {
        lock (_gate)
        {
            if (_ccOnlyDropsLeft <= 0 || (_values.Targets & FaultTargets.Sync) == 0)
            {
                return false;
            }

            _ccOnlyDropsLeft--;
            return true;
        }
    }

    /// <summary>Picks 500 or 503 for a server error.</summary>
    internal int NextServerErrorStatus()
    {
        lock (_gate)
        {
            return _dice.Next(2) == 0 ? 500 : 503;
        }
    }

    private void Change(Func<FaultSettingsValues, FaultSettingsValues> change)
    {
        lock (_gate)
        {
            var next = change(_values);
            next.Validate();
            _values = next;
        }
    }
}

internal enum FaultKind
{
    None,
    ServerError,
    RateLimited,
    TryAgainLater,
    InternalError,
    Timeout,
    SilentDrop,
}
