using NCrontab;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>
/// Which <c>sweepindex</c> shards the rounds of a schedule visit. A round sweeps the shard of its start time's slot
/// (<see cref="SweepSchedule"/>: slots of Sweep:Period / Sweep:ShardCount), so whether every shard is swept in every period
/// depends on the schedule, the period and the shard count together: a 10-minute schedule with 288 five-minute slots
/// visits only the even shards. Checked over every period of a week, from a Monday 00:00 UTC.
/// </summary>
public static class SweepCoverage
{
    private static readonly DateTime Monday = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The shards that some period of the week's rounds never visits (empty: the settings fit together).</summary>
    public static IReadOnlyList<int> MissedShards(CrontabSchedule schedule, TimeSpan sweepPeriod, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sweepPeriod, TimeSpan.Zero);
        var missed = new SortedSet<int>();
        var periods = Math.Max(1, (int)Math.Ceiling(TimeSpan.FromDays(7) / sweepPeriod));
        for (var period = 0; period < periods; period++)
        {
            var start = Monday + (sweepPeriod * period);
            var visited = VisitedShards(schedule, start, start + sweepPeriod, sweepPeriod, shardCount);
            missed.UnionWith(Enumerable.Range(0, shardCount).Where(shard => !visited[shard]));
        }

        return [.. missed];
    }

    /// <summary>The fewest rounds the schedule runs in one period of the week (for messages), each period counted up to <paramref name="limit"/>.</summary>
    public static int FewestRoundsPerPeriod(CrontabSchedule schedule, TimeSpan sweepPeriod, int limit = 100_000)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var periods = Math.Max(1, (int)Math.Ceiling(TimeSpan.FromDays(7) / sweepPeriod));
        return Enumerable.Range(0, periods)
            .Select(period => Monday + (sweepPeriod * period))
            .Min(start => schedule.GetNextOccurrences(start.AddSeconds(-1), start + sweepPeriod).Take(limit).Count());
    }

    private static bool[] VisitedShards(CrontabSchedule schedule, DateTime start, DateTime end, TimeSpan sweepPeriod, int shardCount)
    {
        var visited = new bool[shardCount];
        var slotTicks = Math.Max(1, sweepPeriod.Ticks / shardCount);
        var from = start.AddSeconds(-1);
        while (true)
        {
            var round = schedule.GetNextOccurrence(from, end);
            if (round >= end)
            {
                return visited;
            }

            var roundStart = new DateTimeOffset(round, TimeSpan.Zero);
            visited[SweepSchedule.ShardFor(roundStart, sweepPeriod, shardCount)] = true;

            // Later rounds of the same slot sweep the same shard: continue from the slot's last second.
            var slotEnd = ((((roundStart.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / slotTicks) + 1) * slotTicks) + DateTimeOffset.UnixEpoch.UtcTicks;
            var next = new DateTime(slotEnd, DateTimeKind.Utc).AddSeconds(-1);
            from = next > round ? next : round;
        }
    }
}
