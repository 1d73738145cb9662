using System.ComponentModel.DataAnnotations;

namespace ApprovalFunctions.Core.Sync;

/// <summary>Configuration section "Sync" (app settings Sync__MaxAttempts, Sync__RetryBaseDelay, ...).</summary>
public sealed class SyncOptions
{
    public const string SectionName = "Sync";

    /// <summary>Transient failures in a row before the instance is parked with the last error.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay after a transient failure; doubles per attempt, jittered ±20 %.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Retry delay after Feishu refused our credentials or quota: only an operator fixes those.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan AuthRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a sync holds an instance; longer than one Feishu call with the client's own retries.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Delay of a nudge that found the instance leased by another sync.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:30:00")]
    public TimeSpan LeaseBusyDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a nudge from ingest waits before it is visible. Feishu asks not to sync one instance repeatedly within a
    /// short time; the changes of a burst that arrive within this delay are sent as one call. Zero sends at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan NudgeDelay { get; set; } = TimeSpan.FromSeconds(1);
}
