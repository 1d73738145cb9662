namespace ApprovalFunctions.LoadGenerator.Cli;

/// <summary>Everything a run is told on the command line; the defaults are the end-to-end scenario.</summary>
internal sealed record LoadGeneratorOptions
{
    public Uri Target { get; init; } = new("http://127.0.0.1:7071/");

    public Uri Feishu { get; init; } = new("http://127.0.0.1:7300/");

    public string? FunctionKey { get; init; }

    public string? WebhookSecret { get; init; }

    public int Instances { get; init; } = 1000;

    public int ChangesPerInstance { get; init; } = 8;

    public int Concurrency { get; init; } = 50;

    public double DuplicateRate { get; init; } = 0.1;

    public double ReorderRate { get; init; } = 0.1;

    public bool KeepSubmitFirst { get; init; }

    public double BurstShare { get; init; }

    /// <summary>Requests per second over all callers; null for as fast as the callers go.</summary>
    public int? RatePerSecond { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Prefix of the instance ids; null for one made from the start time.</summary>
    public string? RunId { get; init; }

    /// <summary>Unix milliseconds the simulated history ends at; null for now.</summary>
    public long? BaseTime { get; init; }

    public int MaxRetries { get; init; } = 8;

    public TimeSpan ConsistencyTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Settings for <c>PUT /emulator/faults</c> during the run, by the emulator's names (snake_case accepted).</summary>
    public IReadOnlyDictionary<string, string> FeishuFaults { get; init; } = new Dictionary<string, string>();

    public bool ResetEmulator { get; init; }

    /// <summary>
    /// Feishu's instance update_time must equal the source's. Off by default: a change that must be proven to have landed
    /// may carry a later instance time until a reconcile round confirms it and gives the source's time back.
    /// </summary>
    public bool ExactTimes { get; init; }

    public bool IngestOnly { get; init; }

    public bool Json { get; init; }

    public bool ShowHelp { get; init; }
}
