using System.ComponentModel.DataAnnotations;

namespace ApprovalFunctions.Core.State;

/// <summary>Configuration section "State": the layout of the instance indexes.</summary>
public sealed class StateOptions
{
    public const string SectionName = "State";

    /// <summary>
    /// Shards of <c>sweepindex</c>: one shard is swept per reconcile round, so this is the number of rounds in a sweep
    /// period (288 five-minute rounds = one day). Changing it re-shards only rows written afterwards.
    /// </summary>
    [Range(1, 10_000)]
    public int SweepShardCount { get; set; } = 288;
}
