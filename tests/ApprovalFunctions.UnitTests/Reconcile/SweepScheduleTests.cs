using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Core.Storage.Tables;

namespace ApprovalFunctions.UnitTests.Reconcile;

public sealed class SweepScheduleTests
{
    [Fact]
    public void Rounds_of_one_sweep_period_visit_every_shard_once()
    {
        var start = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
        var shards = Enumerable.Range(0, 288).Select(n => SweepSchedule.ShardFor(start.AddMinutes(5 * n), TimeSpan.FromDays(1), 288)).ToList();

        Assert.Equal(Enumerable.Range(0, 288), shards.Order());
    }

    [Fact]
    public void A_round_that_starts_late_keeps_its_slots_shard()
    {
        var scheduled = new DateTimeOffset(2026, 11, 25, 12, 5, 0, TimeSpan.Zero);

        Assert.Equal(
            SweepSchedule.ShardFor(scheduled, TimeSpan.FromDays(1), 288),
            SweepSchedule.ShardFor(scheduled.AddSeconds(40), TimeSpan.FromDays(1), 288));
        Assert.NotEqual(
            SweepSchedule.ShardFor(scheduled, TimeSpan.FromDays(1), 288),
            SweepSchedule.ShardFor(scheduled.AddMinutes(5), TimeSpan.FromDays(1), 288));
    }
}
