using ApprovalFunctions.LoadGenerator.Delivery;

namespace ApprovalFunctions.LoadGenerator.Measurement;

/// <summary>Collects the results of the sends from every caller (thread-safe) and summarises them.</summary>
internal sealed class IngestTally
{
    private const int ProblemsKept = 5;
    private readonly Lock _gate = new();
    private readonly List<double> _latenciesMs = [];
    private readonly Dictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private readonly Dictionary<SendStatus, long> _statuses = [];
    private readonly List<string> _problems = [];
    private long _retries;

    public void Record(SendResult result, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            _statuses[result.Status] = _statuses.GetValueOrDefault(result.Status) + 1;
            _retries += result.Retries;
            if (result.Status == SendStatus.Accepted)
            {
                _latenciesMs.Add(result.Latency.TotalMilliseconds);
                _outcomes[result.Outcome!] = _outcomes.GetValueOrDefault(result.Outcome!) + 1;
            }
            else if (_problems.Count < ProblemsKept)
            {
                _problems.Add($"{instanceId}: {result.Status}: {result.Problem}");
            }
        }
    }

    public IngestSummary Summarise(int changes, TimeSpan elapsed)
    {
        lock (_gate)
        {
            var sorted = _latenciesMs.Order().ToList();
            var sends = _statuses.Values.Sum();
            var seconds = Math.Max(elapsed.TotalSeconds, 1e-6);
            return new IngestSummary
            {
                Changes = changes,
                Requests = sends,
                Accepted = _statuses.GetValueOrDefault(SendStatus.Accepted),
                Queued = _outcomes.GetValueOrDefault("queued"),
                Stale = _outcomes.GetValueOrDefault("stale"),
                Duplicate = _outcomes.GetValueOrDefault("duplicate"),
                Rejected = _statuses.GetValueOrDefault(SendStatus.Rejected),
                Unexpected = _statuses.GetValueOrDefault(SendStatus.Unexpected),
                Failed = _statuses.GetValueOrDefault(SendStatus.Failed),
                Retries = _retries,
                ElapsedSeconds = elapsed.TotalSeconds,
                RequestsPerSecond = sends / seconds,
                ChangesPerSecond = changes / seconds,
                LatencyP50Ms = Percentiles.NearestRank(sorted, 50),
                LatencyP95Ms = Percentiles.NearestRank(sorted, 95),
                LatencyP99Ms = Percentiles.NearestRank(sorted, 99),
                LatencyMaxMs = sorted.Count == 0 ? null : sorted[^1],
                Problems = [.. _problems],
            };
        }
    }
}

/// <summary>What the ingest side of a run did.</summary>
internal sealed record IngestSummary
{
    /// <summary>Distinct changes the source made (each sent once, plus duplicates).</summary>
    public int Changes { get; init; }

    public long Requests { get; init; }

    public long Accepted { get; init; }

    public long Queued { get; init; }

    public long Stale { get; init; }

    public long Duplicate { get; init; }

    public long Rejected { get; init; }

    public long Unexpected { get; init; }

    public long Failed { get; init; }

    public long Retries { get; init; }

    public double ElapsedSeconds { get; init; }

    public double RequestsPerSecond { get; init; }

    public double ChangesPerSecond { get; init; }

    public double? LatencyP50Ms { get; init; }

    public double? LatencyP95Ms { get; init; }

    public double? LatencyP99Ms { get; init; }

    public double? LatencyMaxMs { get; init; }

    /// <summary>The first few sends that were not accepted, with the answer.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
