using System.Globalization;

namespace ApprovalFunctions.LoadGenerator.Reporting;

/// <summary>The human-readable report of a run.</summary>
internal static class TextReport
{
    public static void Write(TextWriter output, RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(summary);
        var ingest = summary.Ingest;
        output.WriteLine(Invariant($"Run {summary.RunId} (seed {summary.Seed}): {summary.Instances} instances, {summary.Concurrency} callers, duplicates {summary.DuplicateRate:P0}, reorder {summary.ReorderRate:P0}, bursts {summary.BurstShare:P0}"));
        output.WriteLine();
        output.WriteLine("Ingest");
        output.WriteLine(Invariant($"  changes            {ingest.Changes} ({ingest.Requests} requests with duplicates)"));
        output.WriteLine(Invariant($"  accepted           {ingest.Accepted}: queued {ingest.Queued}, stale {ingest.Stale}, duplicate {ingest.Duplicate}"));
        output.WriteLine(Invariant($"  not accepted       4xx {ingest.Rejected}, unexpected {ingest.Unexpected}, failed after retries {ingest.Failed}; retries {ingest.Retries}"));
        output.WriteLine(Invariant($"  throughput         {ingest.RequestsPerSecond:0.0} requests/s, {ingest.ChangesPerSecond:0.0} changes/s over {ingest.ElapsedSeconds:0.0} s"));
        output.WriteLine(Invariant($"  latency            p50 {Ms(ingest.LatencyP50Ms)}, p95 {Ms(ingest.LatencyP95Ms)}, p99 {Ms(ingest.LatencyP99Ms)}, max {Ms(ingest.LatencyMaxMs)}"));
        foreach (var problem in ingest.Problems)
        {
            output.WriteLine($"  ! {problem}");
        }

        output.WriteLine(Invariant($"  storage ops/change {Figure(summary.StorageOperationsPerChange)}"));
        foreach (var (kind, perChange) in summary.StorageOperationsPerChangeByKind ?? new Dictionary<string, double>())
        {
            output.WriteLine(Invariant($"    {kind,-24} {perChange:0.00}"));
        }
        if (summary.Consistency is { } consistency)
        {
            output.WriteLine();
            output.WriteLine("Feishu");
            output.WriteLine(Invariant($"  time to consistency {Seconds(consistency.SecondsAfterIngest)} after the last ingest ({Seconds(consistency.SecondsFromStart)} from the start)"));
            output.WriteLine(Invariant($"  sync calls          {consistency.FeishuSyncCalls} ({consistency.SyncCallsPerChange:0.000} per change)"));
            output.WriteLine(Invariant($"  check calls         {consistency.FeishuCheckCalls} ({consistency.CheckCallsPerChange:0.000} per change); token calls {consistency.FeishuTokenCalls}"));
            output.WriteLine(Invariant($"  faults injected     {consistency.FaultsInjected}; rate-limited {consistency.RateLimited}; rejected by Feishu {consistency.RejectedByFeishu}"));
            if (consistency.DifferenceCount > 0)
            {
                output.WriteLine(Invariant($"  {consistency.DifferenceCount} differences in {consistency.InstancesWithDifferences} instances; the first {consistency.Differences.Count}:"));
                foreach (var difference in consistency.Differences)
                {
                    output.WriteLine($"  - {difference}");
                }
            }
        }

        output.WriteLine();
        output.WriteLine($"Verdict: {summary.Verdict}");
    }

    private static string Ms(double? value) => value is { } v ? Invariant($"{v:0.0} ms") : "n/a";

    private static string Seconds(double? value) => value is { } v ? Invariant($"{v:0.0} s") : "never";

    private static string Figure(double? value) => value is { } v ? Invariant($"{v:0.00}") : "n/a";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
