using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace ApprovalFunctions.LocalHost;

/// <summary>
/// Runs one timer-triggered function on its six-field NCRONTAB schedule (UTC, as the host on Linux),
/// resolved from <c>%Setting%</c> when the attribute says so. Like the host's timer listener it never
/// overlaps itself: the next occurrence is computed after a run ends, so occurrences missed while it ran
/// are skipped. RunOnStartup runs it once at start-up only when the attribute asks for it.
/// The host's schedule monitor (status persisted across restarts) is not reproduced: <see cref="TimerInfo.IsPastDue"/>
/// is true when an occurrence starts more than <see cref="PastDueTolerance"/> after its scheduled time.
/// </summary>
public sealed partial class TimerTriggerScheduler : BackgroundService
{
    public static readonly TimeSpan PastDueTolerance = TimeSpan.FromSeconds(1);

    private readonly FunctionDefinition function;
    private readonly TimerFunctionTrigger trigger;
    private readonly TimeSpan functionTimeout;
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public TimerTriggerScheduler(
        FunctionDefinition function,
        HostJsonSettings hostJson,
        IConfiguration configuration,
        IServiceScopeFactory scopes,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(hostJson);
        ArgumentNullException.ThrowIfNull(loggers);
        this.function = function;
        trigger = (TimerFunctionTrigger)function.Trigger;
        functionTimeout = hostJson.FunctionTimeout;
        this.scopes = scopes;
        this.time = time;
        logger = loggers.CreateLogger("Host.Triggers.Timer");

        Expression = LocalSettings.ResolveBindingExpression(trigger.Schedule, configuration);
        Schedule = CrontabSchedule.TryParse(Expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? throw new InvalidOperationException(
                $"Timer function '{function.Name}': schedule '{Expression}' is not a six-field NCRONTAB expression ({{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}).");
    }

    /// <summary>The resolved NCRONTAB expression.</summary>
    public string Expression { get; }

    public CrontabSchedule Schedule { get; }

    internal FunctionDefinition Function => function;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTime? last = null;
        try
        {
            if (trigger.RunOnStartup)
            {
                var now = UtcNow;
                await RunAsync(scheduled: now, last, now, stoppingToken);
                last = now;
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                // From the later of now and the last occurrence: a timer that fires a hair early must not run an occurrence twice.
                var now = UtcNow;
                var scheduled = Schedule.GetNextOccurrence(last is { } previous && previous > now ? previous : now);
                // Timers may fire a little before their due time by the wall clock; an occurrence never runs early.
                for (var wait = scheduled - now; wait > TimeSpan.Zero; wait = scheduled - UtcNow)
                {
                    await Task.Delay(wait, time, stoppingToken);
                }

                await RunAsync(scheduled, last, UtcNow, stoppingToken);
                last = scheduled;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    private async Task RunAsync(DateTime scheduled, DateTime? last, DateTime startedAt, CancellationToken stoppingToken)
    {
        var timer = new TimerInfo
        {
            IsPastDue = startedAt - scheduled > PastDueTolerance,
            ScheduleStatus = new ScheduleStatus
            {
                Last = last ?? DateTime.MinValue,
                Next = Schedule.GetNextOccurrence(scheduled),
                LastUpdated = startedAt,
            },
        };

        using var invocation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        invocation.CancelAfter(functionTimeout);
        var arguments = function.Parameters.Select(source => source == ParameterSource.CancellationToken ? (object)invocation.Token : timer).ToArray();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, arguments);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The host logs a failed timer run and keeps the schedule going.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogRunFailed(logger, exception, function.Name, scheduled);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {FunctionName} failed on its occurrence at {Scheduled:o}; the schedule continues")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string functionName, DateTime scheduled);
}
