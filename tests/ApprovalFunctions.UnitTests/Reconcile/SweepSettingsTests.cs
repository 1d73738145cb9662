using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Core.Storage.Tables;
using Microsoft.Extensions.Options;
using NCrontab;

namespace ApprovalFunctions.UnitTests.Reconcile;

/// <summary>ReconcileSchedule, Sweep:Period and Sweep:ShardCount are checked together at start-up.</summary>
public sealed class SweepSettingsTests
{
    private const string TenMinutes = "0 */10 * * * *";

    [Fact]
    public void On_a_10_minute_schedule_with_a_fitting_period_every_shard_is_swept_in_every_period()
    {
        var schedule = Parse(TenMinutes);
        var period = TimeSpan.FromDays(2);
        var start = new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc);

        foreach (var periodStart in new[] { start, start + period, start + (2 * period) })
        {
            var rounds = schedule.GetNextOccurrences(periodStart.AddSeconds(-1), periodStart + period).ToList();
            var swept = rounds.Select(round => SweepSchedule.ShardFor(new DateTimeOffset(round, TimeSpan.Zero), period, 288)).ToHashSet();

            Assert.Equal(288, rounds.Count);
            Assert.Equal(Enumerable.Range(0, 288), swept.Order());
        }

        Assert.True(Validate(TenMinutes, period, 288).Succeeded);
        Assert.True(Validate(TenMinutes, TimeSpan.FromDays(1), 144).Succeeded);
    }

    [Fact]
    public void A_10_minute_schedule_with_288_five_minute_shards_would_skip_the_odd_shards_and_is_refused()
    {
        var missed = SweepCoverage.MissedShards(Parse(TenMinutes), TimeSpan.FromDays(1), 288);
        var result = Validate(TenMinutes, TimeSpan.FromDays(1), 288);

        Assert.Equal(Enumerable.Range(0, 144).Select(n => (2 * n) + 1), missed);
        Assert.True(result.Failed);
        Assert.Contains("ReconcileSchedule \"0 */10 * * * *\" runs as few as 144 reconcile round(s) per Sweep:Period (1.00:00:00)", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Sweep:ShardCount is 288: 144 shard(s) (1, 3, 5,", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Set Sweep:Period to 2.00:00:00", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.FailureMessage);
    }

    [Fact]
    public void The_defaults_fit_together()
    {
        Assert.True(Validate(ReconcileScheduleOptions.Recommended, new SweepIndexOptions().Period, new SweepIndexOptions().ShardCount).Succeeded);
        Assert.Empty(SweepCoverage.MissedShards(Parse(ReconcileScheduleOptions.Recommended), TimeSpan.FromDays(1), 288));
    }

    [Theory]
    [InlineData(null, "ReconcileSchedule is not set")]
    [InlineData("", "ReconcileSchedule is not set")]
    [InlineData("*/5 * * * *", "is not a six-field NCRONTAB expression")]
    [InlineData("every five minutes", "is not a six-field NCRONTAB expression")]
    [InlineData("0 0 0 1 1 *", "Choose a schedule with at least one round per period")]
    public void A_missing_malformed_or_too_rare_schedule_is_refused_in_one_sentence(string? schedule, string expected)
    {
        var result = Validate(schedule, TimeSpan.FromDays(1), 288);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.FailureMessage);
    }

    [Fact]
    public void Rounds_that_are_more_frequent_than_shards_still_visit_each_shard()
    {
        Assert.Empty(SweepCoverage.MissedShards(Parse("*/30 * * * * *"), TimeSpan.FromDays(1), 288));
        Assert.Empty(SweepCoverage.MissedShards(Parse("0 0 * * * *"), TimeSpan.FromDays(1), 24));
        Assert.Equal(264, SweepCoverage.MissedShards(Parse("0 0 * * * *"), TimeSpan.FromDays(1), 288).Count);
    }

    private static CrontabSchedule Parse(string expression) =>
        CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    private static ValidateOptionsResult Validate(string? schedule, TimeSpan sweepPeriod, int shardCount) =>
        new SweepSettingsValidator(
                Options.Create(new SweepIndexOptions { Period = sweepPeriod, ShardCount = shardCount }))
            .Validate(null, new ReconcileScheduleOptions { Schedule = schedule });
}
