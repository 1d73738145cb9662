using FeishuEmulator.Configuration;
using FeishuEmulator.Diagnostics;
using FeishuEmulator.Protocol;
using FeishuEmulator.State;

namespace FeishuEmulator;

/// <summary>The emulator seen from a test: what Feishu holds, the live faults, the counters.</summary>
public sealed class FeishuEmulatorControl
{
    private readonly RateLimiter _rateLimiter;

    internal FeishuEmulatorControl(FeishuEmulatorOptions options, ApprovalStore state, FaultSettings faults, EmulatorStats stats, RateLimiter rateLimiter)
    {
        Options = options;
        State = state;
        Faults = faults;
        Stats = stats;
        _rateLimiter = rateLimiter;
    }

    public FeishuEmulatorOptions Options { get; }

    /// <summary>What the emulated Feishu holds: instances, tasks, CCs and their effective update_times.</summary>
    public ApprovalStore State { get; }

    /// <summary>The live fault settings; change them at any time.</summary>
    public FaultSettings Faults { get; }

    public EmulatorStats Stats { get; }

    /// <summary>Forgets instances, definitions, counters and rate windows; faults go back to the options' initial ones. Tokens stay valid.</summary>
    public void Reset()
    {
        State.Reset();
        Stats.Reset();
        _rateLimiter.Reset();
        Faults.Set(Options.Faults.Snapshot());
    }
}
