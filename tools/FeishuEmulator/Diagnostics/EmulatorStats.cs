using System.Collections.Concurrent;

namespace FeishuEmulator.Diagnostics;

/// <summary>Counters of what the emulator did; read them through <see cref="Snapshot"/> or <c>GET /emulator/stats</c>.</summary>
public sealed class EmulatorStats
{
    private readonly ConcurrentDictionary<string, long> _callsPerEndpoint = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _faultsPerEndpoint = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _droppedCcCallsAwaitingLanding = new(StringComparer.Ordinal);
    private long _syncApplied;
    private long _syncIgnoredStale;
    private long _entitiesIgnoredStale;
    private long _silentlyDropped;
    private long _silentlyDroppedCcCalls;
    private long _silentlyDroppedCcOnlyCalls;
    private long _droppedCcCallsMasked;
    private long _faultsInjected;
    private long _rateLimited;
    private long _rejected;

    internal void CountCall(string endpoint) => _callsPerEndpoint.AddOrUpdate(endpoint, 1, static (_, n) => n + 1);

    internal void CountSyncApplied() => Interlocked.Increment(ref _syncApplied);

    internal void CountSyncIgnoredStale() => Interlocked.Increment(ref _syncIgnoredStale);

    internal void CountEntitiesIgnoredStale(int count) => Interlocked.Add(ref _entitiesIgnoredStale, count);

    internal void CountSilentlyDropped() => Interlocked.Increment(ref _silentlyDropped);

    /// <summary>A dropped sync call carried CCs (and tasks, unless <paramref name="ccOnly"/>).</summary>
    internal void CountDroppedCcCall(string instanceId, bool ccOnly)
    {
        Interlocked.Increment(ref _silentlyDroppedCcCalls);
        if (ccOnly)
        {
            Interlocked.Increment(ref _silentlyDroppedCcOnlyCalls);
        }

        _droppedCcCallsAwaitingLanding.AddOrUpdate(instanceId, 1, static (_, n) => n + 1);
    }

    /// <summary>A sync call of the instance was applied: every CC call of it dropped before is now masked by a call that landed.</summary>
    internal void CountLanded(string instanceId)
    {
        if (_droppedCcCallsAwaitingLanding.TryRemove(instanceId, out var masked))
        {
            Interlocked.Add(ref _droppedCcCallsMasked, masked);
        }
    }

    internal void CountFaultInjected(string endpoint)
    {
        Interlocked.Increment(ref _faultsInjected);
        _faultsPerEndpoint.AddOrUpdate(endpoint, 1, static (_, n) => n + 1);
    }

    internal void CountRateLimited() => Interlocked.Increment(ref _rateLimited);

    internal void CountRejected() => Interlocked.Increment(ref _rejected);

    public EmulatorStatsSnapshot Snapshot() => new()
    {
        CallsPerEndpoint = new SortedDictionary<string, long>(_callsPerEndpoint, StringComparer.Ordinal),
        FaultsPerEndpoint = new SortedDictionary<string, long>(_faultsPerEndpoint, StringComparer.Ordinal),
        SyncApplied = Interlocked.Read(ref _syncApplied),
        SyncIgnoredStale = Interlocked.Read(ref _syncIgnoredStale),
        EntitiesIgnoredStale = Interlocked.Read(ref _entitiesIgnoredStale),
        SilentlyDropped = Interlocked.Read(ref _silentlyDropped),
        SilentlyDroppedCcCalls = Interlocked.Read(ref _silentlyDroppedCcCalls),
        SilentlyDroppedCcOnlyCalls = Interlocked.Read(ref _silentlyDroppedCcOnlyCalls),
        DroppedCcCallsMasked = Interlocked.Read(ref _droppedCcCallsMasked),
        FaultsInjected = Interlocked.Read(ref _faultsInjected),
        RateLimited = Interlocked.Read(ref _rateLimited),
        Rejected = Interlocked.Read(ref _rejected),
    };

    internal void Reset()
    {
        _callsPerEndpoint.Clear();
        _faultsPerEndpoint.Clear();
        _droppedCcCallsAwaitingLanding.Clear();
        Interlocked.Exchange(ref _syncApplied, 0);
        Interlocked.Exchange(ref _syncIgnoredStale, 0);
        Interlocked.Exchange(ref _entitiesIgnoredStale, 0);
        Interlocked.Exchange(ref _silentlyDropped, 0);
        Interlocked.Exchange(ref _silentlyDroppedCcCalls, 0);
        Interlocked.Exchange(ref _silentlyDroppedCcOnlyCalls, 0);
        Interlocked.Exchange(ref _droppedCcCallsMasked, 0);
        Interlocked.Exchange(ref _faultsInjected, 0);
        Interlocked.Exchange(ref _rateLimited, 0);
        Interlocked.Exchange(ref _rejected, 0);
    }
}

/// <summary>The counters at one moment.</summary>
public sealed record EmulatorStatsSnapshot
{
    /// <summary>Calls received per endpoint name (token, sync, check, tasks_query, external_tasks, external_approvals).</summary>
    public required IReadOnlyDictionary<string, long> CallsPerEndpoint { get; init; }

    /// <summary>Injected faults per endpoint name (silent drops included).</summary>
    public IReadOnlyDictionary<string, long> FaultsPerEndpoint { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Sync calls whose instance was written (REPLACE, or UPDATE with a newer instance update_time).</summary>
    public long SyncApplied { get; init; }

    /// <summary>UPDATE sync calls ignored whole because the instance update_time was not newer (still code 0).</summary>
    public long SyncIgnoredStale { get; init; }

    /// <summary>Tasks and CCs of applied UPDATE calls ignored because their update_time was not newer.</summary>
    public long EntitiesIgnoredStale { get; init; }

    /// <summary>Sync calls answered code 0 while nothing was applied (SilentDropRate).</summary>
    public long SilentlyDropped { get; init; }

    /// <summary>Silently dropped sync calls that carried at least one CC: only re-sending them until a check proves a carrier landed repairs them.</summary>
    public long SilentlyDroppedCcCalls { get; init; }

    /// <summary>Silently dropped sync calls that carried CCs and no task: the check API sees nothing of what they lost.</summary>
    public long SilentlyDroppedCcOnlyCalls { get; init; }

    /// <summary>Dropped CC-carrying sync calls after which another sync call of the same instance landed, hiding the loss from the check API's instance time.</summary>
    public long DroppedCcCallsMasked { get; init; }

    /// <summary>Calls answered with an injected fault (silent drops included).</summary>
    public long FaultsInjected { get; init; }

    /// <summary>Calls refused by the real per-second / per-minute limits.</summary>
    public long RateLimited { get; init; }

    /// <summary>Calls refused for bad token, credentials or payload.</summary>
    public long Rejected { get; init; }

    public long CallsTo(string endpoint) => CallsPerEndpoint.TryGetValue(endpoint, out var n) ? n : 0;

    public long FaultsOn(string endpoint) => FaultsPerEndpoint.TryGetValue(endpoint, out var n) ? n : 0;
}
