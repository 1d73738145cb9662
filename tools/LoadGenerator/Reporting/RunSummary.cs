using ApprovalFunctions.LoadGenerator.Measurement;

namespace ApprovalFunctions.LoadGenerator.Reporting;

/// <summary>Everything a run measured; printed as text or, with <c>--json</c>, as JSON for scripts.</summary>
internal sealed record RunSummary
{
    public required string RunId { get; init; }

    public required int Seed { get; init; }

    public required int Instances { get; init; }

    public required int Concurrency { get; init; }

    public required double DuplicateRate { get; init; }

    public required double ReorderRate { get; init; }

    public required double BurstShare { get; init; }

    public required IngestSummary Ingest { get; init; }

    /// <summary>Null with <c>--ingest-only</c>.</summary>
    public ConsistencySummary? Consistency { get; init; }

    /// <summary>Storage operations of the app per change, from the local host's counters; null when it has none.</summary>
    public double? StorageOperationsPerChange { get; init; }

    /// <summary>The same by operation (HTTP method and table or queue, e.g. <c>GET instances</c>); null when the host does not tag them.</summary>
    public IReadOnlyDictionary<string, double>? StorageOperationsPerChangeByKind { get; init; }

    /// <summary>consistent, INCONSISTENT, or ingest-only.</summary>
    public required string Verdict { get; init; }

    /// <summary>True when every change was accepted and (unless ingest-only) Feishu is consistent.</summary>
    public required bool Passed { get; init; }
}

/// <summary>How and when Feishu came to equal the source.</summary>
internal sealed record ConsistencySummary
{
    public required bool Consistent { get; init; }

    /// <summary>From the last ingest answer to the first poll that found Feishu consistent; null if it never did.</summary>
    public double? SecondsAfterIngest { get; init; }

    /// <summary>From the first send to the first consistent poll; null if it never was.</summary>
    public double? SecondsFromStart { get; init; }

    public required long FeishuSyncCalls { get; init; }

    public required long FeishuCheckCalls { get; init; }

    public required long FeishuTokenCalls { get; init; }

    public required double SyncCallsPerChange { get; init; }

    public required double CheckCallsPerChange { get; init; }

    public required long FaultsInjected { get; init; }

    public required long RateLimited { get; init; }

    public required long RejectedByFeishu { get; init; }

    public required int DifferenceCount { get; init; }

    public required int InstancesWithDifferences { get; init; }

    /// <summary>The first 20 differences.</summary>
    public required IReadOnlyList<string> Differences { get; init; }
}
