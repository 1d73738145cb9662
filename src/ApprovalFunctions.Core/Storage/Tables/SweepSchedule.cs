namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>
/// Which <c>sweepindex</c> shard a round sweeps: the round's slot (its start floored to Sweep:Period / Sweep:ShardCount) counted
/// from the Unix epoch, modulo the shard count. Rounds on the schedule therefore visit every shard once per period,
/// whichever host runs them, and a round that starts a little late still gets its slot's shard.
/// </summary>
public static class SweepSchedule
{
    public static int ShardFor(DateTimeOffset roundStart, TimeSpan sweepPeriod, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sweepPeriod, TimeSpan.Zero);
        var slotTicks = Math.Max(1, sweepPeriod.Ticks / shardCount);
        var slot = (roundStart.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / slotTicks;
        return (int)(slot % shardCount);
    }
}
