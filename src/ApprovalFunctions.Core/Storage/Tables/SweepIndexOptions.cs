using System.ComponentModel.DataAnnotations;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>
/// Configuration section "Sweep": the slow sweep of <see cref="SweepIndexTable"/>. One round sweeps one shard, so a round
/// lasts <see cref="Period"/> / <see cref="ShardCount"/> of the sweep; <c>ReconcileSchedule</c> must fit that
/// (checked with these at start-up by <c>SweepSettingsValidator</c>).
/// </summary>
public sealed class SweepIndexOptions
{
    public const string SectionName = "Sweep";

    /// <summary>
    /// Shards of <c>sweepindex</c>: the number of rounds in a sweep period (288 five-minute rounds = one day).
    /// Changing it re-shards only rows written afterwards.
    /// </summary>
    [Range(1, 10_000)]
    public int ShardCount { get; set; } = 288;

    /// <summary>The sweep covers every shard once per period.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long final instances stay in the sweep after their last change; the sweep deletes their rows afterwards.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan FinalRetention { get; set; } = TimeSpan.FromDays(7);
}
