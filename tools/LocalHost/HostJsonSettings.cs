using Microsoft.Extensions.Configuration;

namespace ApprovalFunctions.LocalHost;

/// <summary>The parts of host.json the local host honours, with the Functions host's defaults.</summary>
public sealed class HostJsonSettings
{
    public string RoutePrefix { get; init; } = "api";

    /// <summary>Cancels a queue or timer invocation that runs longer; also the queue message lease.</summary>
    public TimeSpan FunctionTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public QueueHostSettings Queues { get; init; } = new();

    public static HostJsonSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var host = configuration.GetSection(LocalSettings.HostJsonSection);
        var queues = host.GetSection("extensions:queues").Get<QueueHostSettings>() ?? new QueueHostSettings();
        queues.Validate();

        var timeout = host["functionTimeout"];
        var functionTimeout = string.IsNullOrEmpty(timeout) || timeout == "-1"
            ? TimeSpan.FromMinutes(10)
            : TimeSpan.TryParse(timeout, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero
                ? parsed
                : throw new InvalidOperationException($"host.json functionTimeout '{timeout}' is not a positive hh:mm:ss time span.");

        return new HostJsonSettings
        {
            RoutePrefix = (host["extensions:http:routePrefix"] ?? "api").Trim('/'),
            FunctionTimeout = functionTimeout,
            Queues = queues,
        };
    }
}

/// <summary>host.json <c>extensions.queues</c>; defaults are the queue extension's (v5).</summary>
public sealed class QueueHostSettings
{
    /// <summary>base64 or none.</summary>
    public string MessageEncoding { get; set; } = "base64";

    public int BatchSize { get; set; } = 16;

    /// <summary>A new batch is fetched when this many or fewer messages are still being processed; -1 for the host's default.</summary>
    public int NewBatchThreshold { get; set; } = -1;

    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a message that failed stays invisible before its next attempt.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>The longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsBase64 => string.Equals(MessageEncoding, "base64", StringComparison.OrdinalIgnoreCase);

    /// <summary>The threshold in force: the host's default is half a batch per processor.</summary>
    public int EffectiveNewBatchThreshold => NewBatchThreshold >= 0 ? NewBatchThreshold : BatchSize / 2 * Environment.ProcessorCount;

    internal void Validate()
    {
        if (!IsBase64 && !string.Equals(MessageEncoding, "none", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"host.json extensions.queues.messageEncoding must be 'base64' or 'none'; it is '{MessageEncoding}'.");
        }

        if (BatchSize is < 1 or > 32)
        {
            throw new InvalidOperationException($"host.json extensions.queues.batchSize must be between 1 and 32; it is {BatchSize}.");
        }

        if (MaxDequeueCount < 1)
        {
            throw new InvalidOperationException($"host.json extensions.queues.maxDequeueCount must be at least 1; it is {MaxDequeueCount}.");
        }

        if (VisibilityTimeout < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"host.json extensions.queues.visibilityTimeout must not be negative; it is {VisibilityTimeout}.");
        }

        if (MaxPollingInterval < TimeSpan.FromMilliseconds(100))
        {
            throw new InvalidOperationException($"host.json extensions.queues.maxPollingInterval must be at least 00:00:00.1; it is {MaxPollingInterval}.");
        }
    }
}
