using System.ComponentModel.DataAnnotations;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>Configuration section "Reconcile": the five-minute check-and-resync rounds (the timer schedule is the flat setting <c>ReconcileSchedule</c>).</summary>
public sealed class ReconcileOptions : IValidatableObject
{
    public const string SectionName = "Reconcile";

    /// <summary>How far before the checkpoint a window starts: clock skew between hosts and syncs still in flight.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Instances per check call. Feishu publishes no maximum; tens per call is what it suggests.</summary>
    [Range(1, 200)]
    public int CheckBatchSize { get; set; } = 50;

    /// <summary>Check calls one round may make (free tenants have a monthly call cap). Window instances beyond it are deferred to the next round.</summary>
    [Range(1, 10_000)]
    public int MaxCheckCallsPerRound { get; set; } = 100;

    /// <summary>How long after its last change an instance may trail its desired state before it counts as lagging and is re-nudged.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan LagGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Lagging instances re-nudged per round, so that one broken batch cannot starve the rest; the others wait for the next round.</summary>
    [Range(0, 100_000)]
    public int MaxRenudgesPerRound { get; set; } = 200;

    /// <summary>The furthest back a window reaches (first round, or a checkpoint left behind by failed rounds); older drift is the sweep's.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MaxWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a round holds the round lease; an overlapping round skips while it is held.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan RoundLeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxWindow <= Overlap)
        {
            yield return new ValidationResult($"{nameof(MaxWindow)} ({MaxWindow}) must be longer than {nameof(Overlap)} ({Overlap}).", [nameof(MaxWindow), nameof(Overlap)]);
        }
    }
}
