using System.Globalization;
using ApprovalFunctions.Core.Storage.Tables;
using Microsoft.Extensions.Options;
using NCrontab;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>
/// Validates at start-up the three settings the slow sweep depends on, together: <c>ReconcileSchedule</c> (set, a
/// six-field NCRONTAB expression), <c>Sweep:Period</c> and <c>Sweep:ShardCount</c> (the schedule's rounds
/// visit every shard in every period). Each failure is one sentence naming the settings and a value that works.
/// </summary>
public sealed class SweepSettingsValidator(IOptions<SweepIndexOptions> sweep) : IValidateOptions<ReconcileScheduleOptions>
{
    private const int MaxShardsNamed = 8;

    public ValidateOptionsResult Validate(string? name, ReconcileScheduleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var setting = ReconcileScheduleOptions.SettingName;
        if (string.IsNullOrWhiteSpace(options.Schedule))
        {
            return ValidateOptionsResult.Fail(
                $"{setting} is not set: the Functions host reads the reconcile timer's schedule from this app setting and has no default; " +
                $"set it to a six-field NCRONTAB expression, e.g. {setting}=\"{ReconcileScheduleOptions.Recommended}\" (every five minutes).");
        }

        if (CrontabSchedule.TryParse(options.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is not { } schedule)
        {
            return ValidateOptionsResult.Fail(
                $"{setting} \"{options.Schedule}\" is not a six-field NCRONTAB expression ({{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}), e.g. \"{ReconcileScheduleOptions.Recommended}\".");
        }

        var period = sweep.Value.Period;
        var shards = sweep.Value.ShardCount;
        var missed = SweepCoverage.MissedShards(schedule, period, shards);
        if (missed.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var rounds = SweepCoverage.FewestRoundsPerPeriod(schedule, period);
        var named = string.Join(", ", missed.Take(MaxShardsNamed).Select(s => s.ToString(CultureInfo.InvariantCulture))) + (missed.Count > MaxShardsNamed ? ", …" : string.Empty);
        var advice = rounds == 0
            ? "Choose a schedule with at least one round per period."
            : $"Set Sweep:Period to {TimeSpan.FromTicks(period.Ticks / rounds * shards)} (a round per shard), or, before any instance is stored, Sweep:ShardCount to {rounds}.";
        return ValidateOptionsResult.Fail(
            $"{setting} \"{options.Schedule}\" runs as few as {rounds} reconcile round(s) per Sweep:Period ({period}), but Sweep:ShardCount is {shards}: " +
            $"{missed.Count} shard(s) ({named}) would never be swept. {advice}");
    }
}
