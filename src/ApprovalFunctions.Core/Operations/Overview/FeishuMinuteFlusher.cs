using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Operations.Overview;

/// <summary>
/// Every <see cref="ConsoleOptions.CounterFlushInterval"/>, and once more on shutdown, adds this host's Feishu counts
/// to the per-minute rows: about two storage calls per minute with traffic and host, none when idle, whatever the
/// number of changes. A failed flush keeps the counts for the next one.
/// </summary>
public sealed partial class FeishuMinuteFlusher(
    FeishuCallTally tally,
    FeishuMinuteStore store,
    IOptions<ConsoleOptions> options,
    TimeProvider timeProvider,
    ILogger<FeishuMinuteFlusher> logger) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    /// <summary>Writes what was counted since the last flush.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var taken = tally.Take();
        for (var i = 0; i < taken.Count; i++)
        {
            try
            {
                await store.AddAsync(taken[i], cancellationToken);
            }
            // The Azure SDK throws an AggregateException when every retry failed to connect (storage down, as at a shutdown
            // that stops storage first): a best-effort count must never take the host down.
            catch (Exception exception) when (exception is Azure.RequestFailedException or AggregateException or State.ConcurrencyConflictException or OperationCanceledException)
            {
                tally.Return(taken.Skip(i));
                LogFlushFailed(logger, exception);
                return;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CounterFlushInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync flushes what is left.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feishu per-minute counts not written (kept for the next flush).")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
