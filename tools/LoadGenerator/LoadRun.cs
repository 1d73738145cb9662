using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.LoadGenerator.Cli;
using ApprovalFunctions.LoadGenerator.Delivery;
using ApprovalFunctions.LoadGenerator.Measurement;
using ApprovalFunctions.LoadGenerator.Pipeline;
using ApprovalFunctions.LoadGenerator.Reporting;
using ApprovalFunctions.LoadGenerator.Simulation;
using ApprovalFunctions.LoadGenerator.Verification;

namespace ApprovalFunctions.LoadGenerator;

/// <summary>
/// One run: simulate the source, deliver its changes, then wait until Feishu (the emulator) holds what the source
/// last sent, and measure it all. Progress goes to <paramref name="progress"/> (stderr).
/// </summary>
internal sealed class LoadRun(LoadGeneratorOptions options, HttpClient http, TimeProvider time, TextWriter progress)
{
    private const int DifferencesShown = 20;
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    public async Task<RunSummary> ExecuteAsync(CancellationToken cancellationToken)
    {
        var runId = options.RunId ?? "lg" + time.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var baseTime = options.BaseTime ?? time.GetUtcNow().ToUnixTimeMilliseconds();
        var simulator = new WorkflowSimulator(new WorkflowSettings(runId, options.Seed, options.ChangesPerInstance, baseTime));
        var workflows = simulator.SimulateAll(options.Instances).ToList();
        var plan = DeliveryPlanner.Plan(workflows, new DeliverySettings(options.DuplicateRate, options.ReorderRate, options.BurstShare, options.KeepSubmitFirst, options.Seed));
        var changes = workflows.Sum(w => w.Changes.Count);
        Log($"run {runId}: {workflows.Count} instances, {changes} changes, {plan.Count} requests");

        var emulator = new EmulatorClient(http, options.Feishu);
        var counters = new CountersClient(http, options.Target);
        if (options.ResetEmulator)
        {
            await emulator.ResetAsync(cancellationToken);
        }

        var previousFaults = options.FeishuFaults.Count > 0 ? await ApplyFaultsAsync(emulator, cancellationToken) : null;
        try
        {
            var callsBefore = options.IngestOnly ? null : await emulator.GetCallsAsync(cancellationToken);
            var countersBefore = await counters.TryGetAsync(cancellationToken);
            var started = time.GetTimestamp();

            var ingest = await DeliverAsync(plan, changes, cancellationToken);
            var ingestDone = time.GetTimestamp();

            ConsistencySummary? consistency = null;
            if (!options.IngestOnly)
            {
                var expected = workflows.Select(w => w.FinalState).ToList();
                var (differences, consistentAt) = await WaitForConsistencyAsync(emulator, expected, cancellationToken);
                var calls = await emulator.GetCallsAsync(cancellationToken) - callsBefore!;
                consistency = new ConsistencySummary
                {
                    Consistent = differences.Count == 0,
                    SecondsAfterIngest = consistentAt is { } at ? time.GetElapsedTime(ingestDone, at).TotalSeconds : null,
                    SecondsFromStart = consistentAt is { } at2 ? time.GetElapsedTime(started, at2).TotalSeconds : null,
                    FeishuSyncCalls = calls.Sync,
                    FeishuCheckCalls = calls.Check,
                    FeishuTokenCalls = calls.Token,
                    SyncCallsPerChange = (double)calls.Sync / changes,
                    CheckCallsPerChange = (double)calls.Check / changes,
                    FaultsInjected = calls.FaultsInjected,
                    RateLimited = calls.RateLimited,
                    RejectedByFeishu = calls.Rejected,
                    DifferenceCount = differences.Count,
                    InstancesWithDifferences = differences.Select(d => d.InstanceId).Distinct(StringComparer.Ordinal).Count(),
                    Differences = [.. differences.Take(DifferencesShown).Select(d => d.ToString())],
                };
            }

            var countersAfter = await counters.TryGetAsync(cancellationToken);
            var ingestClean = ingest.Rejected == 0 && ingest.Unexpected == 0 && ingest.Failed == 0;
            var verdict = consistency switch
            {
                null => "ingest-only",
                { Consistent: true } => "consistent",
                _ => "INCONSISTENT",
            };
            return new RunSummary
            {
                RunId = runId,
                Seed = options.Seed,
                Instances = options.Instances,
                Concurrency = options.Concurrency,
                DuplicateRate = options.DuplicateRate,
                ReorderRate = options.ReorderRate,
                BurstShare = options.BurstShare,
                Ingest = ingest,
                Consistency = consistency,
                StorageOperationsPerChange = PerChange(countersBefore, countersAfter, CountersClient.StorageOperations, changes),
                StorageOperationsPerChangeByKind = PerChangeByKind(countersBefore, countersAfter, changes),
                Verdict = verdict,
                Passed = ingestClean && consistency is null or { Consistent: true },
            };
        }
        finally
        {
            if (previousFaults is not null)
            {
                await emulator.PutFaultsAsync(previousFaults, CancellationToken.None);
            }
        }
    }

    private async Task<IngestSummary> DeliverAsync(IReadOnlyList<PlannedSend> plan, int changes, CancellationToken cancellationToken)
    {
        var signer = options.WebhookSecret is { } secret ? WebhookSigner.FromSecrets(secret, OptionsParser.WebhookSecretOption) : null;
        var client = new IngestClient(http, options.Target, options.FunctionKey, signer, options.MaxRetries, time);
        var tally = new IngestTally();
        using var limiter = options.RatePerSecond is { } rate ? CreateLimiter(rate) : null;
        var next = -1;
        var done = 0;
        var started = time.GetTimestamp();

        async Task Caller()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < plan.Count)
            {
                if (limiter is not null)
                {
                    using var lease = await limiter.AcquireAsync(1, cancellationToken);
                }

                var send = plan[index];
                tally.Record(await client.SendAsync(send.Change.Body, cancellationToken), send.Change.InstanceId);
                Interlocked.Increment(ref done);
            }
        }

        using (var ticker = new PeriodicTimer(ProgressEvery, time))
        {
            var callers = Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(Caller, cancellationToken)));
            while (await Task.WhenAny(callers, ticker.WaitForNextTickAsync(cancellationToken).AsTask()) != callers)
            {
                Log($"sent {Volatile.Read(ref done)}/{plan.Count}");
            }

            await callers;
        }

        var summary = tally.Summarise(changes, time.GetElapsedTime(started));
        Log(string.Create(CultureInfo.InvariantCulture, $"ingest done: {summary.Accepted}/{summary.Requests} accepted in {summary.ElapsedSeconds:0.0} s"));
        return summary;
    }

    /// <summary>
    /// Polls the emulator's view until two polls in a row find no difference (the second one catches an older sync
    /// landing late, which would take Feishu backwards). The consistent moment is the first of the two. The pause
    /// between polls is at least twice the last poll's own duration, so reading a large view never hogs the machine.
    /// </summary>
    private async Task<(IReadOnlyList<Difference> Differences, long? ConsistentAt)> WaitForConsistencyAsync(
        EmulatorClient emulator, IReadOnlyList<ExternalInstance> expected, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(options.ConsistencyTimeout.TotalSeconds * time.TimestampFrequency);
        var lastLog = time.GetTimestamp();
        long? consistentSince = null;
        while (true)
        {
            var pollStarted = time.GetTimestamp();
            var view = await emulator.GetInstancesAsync(cancellationToken);
            var differences = FeishuStateComparer.Compare(expected, FeishuStateComparer.IndexById(view), options.ExactTimes);
            var pollDuration = time.GetElapsedTime(pollStarted);
            if (differences.Count == 0)
            {
                if (consistentSince is { } since)
                {
                    Log("Feishu is consistent");
                    return (differences, since);
                }

                consistentSince = pollStarted;
            }
            else
            {
                if (consistentSince is not null)
                {
                    Log($"Feishu changed after a consistent poll: {differences.Count} differences");
                }

                consistentSince = null;
                if (pollStarted >= deadline)
                {
                    Log($"gave up after {options.ConsistencyTimeout}: {differences.Count} differences remain");
                    return (differences, null);
                }
            }

            if (time.GetElapsedTime(lastLog) >= ProgressEvery && differences.Count > 0)
            {
                lastLog = time.GetTimestamp();
                var instances = differences.Select(d => d.InstanceId).Distinct(StringComparer.Ordinal).Count();
                Log($"waiting for Feishu: {differences.Count} differences in {instances} instances");
            }

            var pause = pollDuration * 2 > options.PollInterval ? pollDuration * 2 : options.PollInterval;
            await Task.Delay(pause, time, cancellationToken);
        }
    }

    /// <summary>Puts the requested faults over the current settings; returns the settings to restore.</summary>
    private async Task<JsonObject> ApplyFaultsAsync(EmulatorClient emulator, CancellationToken cancellationToken)
    {
        var current = await emulator.GetFaultsAsync(cancellationToken);
        var wanted = (JsonObject)current.DeepClone();
        foreach (var (name, text) in options.FeishuFaults)
        {
            if (!current.ContainsKey(name))
            {
                throw new OptionsException($"--feishu-faults: the emulator has no fault setting '{name}' (it has {string.Join(", ", current.Select(p => p.Key))}).");
            }

            wanted[name] = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
                : bool.TryParse(text, out var flag) ? JsonValue.Create(flag)
                : JsonValue.Create(text);
        }

        await emulator.PutFaultsAsync(wanted, cancellationToken);
        Log($"emulator faults: {wanted.ToJsonString()}");
        return current;
    }

    private static double? PerChange(IReadOnlyDictionary<string, double>? before, IReadOnlyDictionary<string, double>? after, string counter, int changes) =>
        before is not null && after is not null && after.TryGetValue(counter, out var total)
            ? (total - before.GetValueOrDefault(counter)) / changes
            : null;

    /// <summary>Storage operations per change by operation (<c>GET instances</c>, <c>PUT changeindex</c>, …), when the host tags them.</summary>
    private static SortedDictionary<string, double>? PerChangeByKind(IReadOnlyDictionary<string, double>? before, IReadOnlyDictionary<string, double>? after, int changes)
    {
        if (before is null || after is null)
        {
            return null;
        }

        var prefix = CountersClient.StorageOperations + "{operation=";
        // "{operation=GET instances}" alone; "{operation=GET instances,service=table}" is the same count by both tags.
        var kinds = after.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.EndsWith('}') && !k.Contains(',', StringComparison.Ordinal))
            .ToDictionary(k => k[prefix.Length..^1], k => PerChange(before, after, k, changes) ?? 0, StringComparer.Ordinal);
        return kinds.Count == 0 ? null : new SortedDictionary<string, double>(kinds.Where(k => k.Value > 0).ToDictionary(), StringComparer.Ordinal);
    }

    private static TokenBucketRateLimiter CreateLimiter(int ratePerSecond) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(1, ratePerSecond / 10),
        TokensPerPeriod = Math.Max(1, ratePerSecond / 10),
        ReplenishmentPeriod = TimeSpan.FromMilliseconds(100 * Math.Max(1.0, 10.0 / ratePerSecond)),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    private void Log(string message) =>
        progress.WriteLine($"[{time.GetUtcNow():HH:mm:ss}] {message}");
}
