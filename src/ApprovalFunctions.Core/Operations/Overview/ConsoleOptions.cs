using System.ComponentModel.DataAnnotations;

namespace ApprovalFunctions.Core.Operations.Overview;

/// <summary>Configuration section "Console": the operator console's overview and the figures it keeps.</summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>How often each host adds its Feishu call counts to the per-minute rows (and on shutdown).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan CounterFlushInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Reconcile round summaries kept (the newest first).</summary>
    [Range(1, 500)]
    public int RoundsKept { get; set; } = 24;

    /// <summary>Lagging and parked instances listed by the overview (the counts are always complete).</summary>
    [Range(1, 5000)]
    public int MaxListed { get; set; } = 200;
}
