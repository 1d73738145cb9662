namespace ApprovalFunctions.ReconcileBenchmark;

/// <summary>
/// The app's clock for the benchmark: wall time stands still at the round's scheduled time (so the seeded window and
/// sweep shard are the ones the round reads, however long seeding took), while timestamps run, so durations are real.
/// </summary>
internal sealed class RoundClock(DateTimeOffset roundTime) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => roundTime;
}
