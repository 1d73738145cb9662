using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.LocalHost.Tests;

public sealed class TimerTriggerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly InvocationRecorder recorder = new();

    [Fact]
    public async Task A_timer_fires_on_its_seconds_schedule_from_a_setting_with_its_schedule_status()
    {
        await using var host = await SampleHost.StartAsync(azurite, recorder, [typeof(SampleTimerFunctions)],
            new Dictionary<string, string?> { ["SampleSchedule"] = "* * * * * *" });

        var runs = await recorder.NextAsync(2);
        var first = (TimerInfo)runs[0].Value!;
        var second = (TimerInfo)runs[1].Value!;

        Assert.False(first.IsPastDue);
        Assert.Equal(DateTime.MinValue, first.ScheduleStatus!.Last);
        Assert.Equal(0, first.ScheduleStatus.Next.Millisecond);
        // The second run is the occurrence the first announced as next, one second after the first's.
        Assert.Equal(first.ScheduleStatus.Next, second.ScheduleStatus!.Last.AddSeconds(1));
        Assert.Equal(second.ScheduleStatus.Last.AddSeconds(2), second.ScheduleStatus.Next);
        Assert.True(second.ScheduleStatus.LastUpdated >= second.ScheduleStatus.Last.AddSeconds(1));
        Assert.Equal(DateTimeKind.Utc, second.ScheduleStatus.Next.Kind);
    }

    [Fact]
    public async Task Run_on_startup_runs_once_at_start_only_when_the_attribute_asks()
    {
        await using var host = await SampleHost.StartAsync(azurite, recorder, [typeof(SampleStartupTimerFunctions)]);

        var run = await recorder.NextAsync();

        Assert.Equal("SampleYearlyOnStartup", run.Function);
        var timer = (TimerInfo)run.Value!;
        Assert.False(timer.IsPastDue);
        Assert.Equal(new DateTime(DateTime.UtcNow.Year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc), timer.ScheduleStatus!.Next);
        Assert.False(recorder.TryTake(out _), "the yearly timer without RunOnStartup ran");
    }

    [Fact]
    public async Task Runs_of_one_timer_never_overlap_even_when_a_run_outlasts_the_period()
    {
        await using var host = await SampleHost.StartAsync(azurite, recorder, [typeof(SampleSlowTimerFunctions)]);

        var runs = await recorder.NextAsync(2);

        Assert.Equal(1, recorder.MaxConcurrent);
        Assert.True(runs[1].At - runs[0].At >= TimeSpan.FromMilliseconds(1500), "the second run started before the first ended");
    }
}
