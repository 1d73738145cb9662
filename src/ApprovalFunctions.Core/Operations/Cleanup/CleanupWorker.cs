using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Timeline;
using ApprovalFunctions.Feishu.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Operations.Cleanup;

/// <summary>
/// The queue side of a clean-up: expands a confirmed run onto <c>cleanup-work</c> (one message per item still planned)
/// and wipes one instance per message through the shared, rate-limited Feishu client. Every step checks the item's state
/// first, so a message delivered twice (a restart, a replayed confirmation) wipes nothing twice and counts nothing twice.
/// </summary>
public sealed partial class CleanupWorker(
    ICleanupRunStore runs,
    ICleanupWorkQueue queue,
    IInstanceStateStore store,
    IFeishuApprovalClient feishu,
    IOptions<OperationsOptions> options,
    TimeProvider timeProvider,
    InstanceTimeline timeline,
    ILogger<CleanupWorker> logger)
{
    private const string LeaseOwner = "cleanup";
    private readonly OperationsOptions settings = options.Value;

    public Task ProcessAsync(CleanupWorkMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.InstanceId is null ? ExpandAsync(message.RunId, cancellationToken) : WipeAsync(message.RunId, message.InstanceId, cancellationToken);
    }

    private async Task ExpandAsync(string runId, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not { Document.State: not CleanupRunState.Planned })
        {
            LogNotConfirmed(logger, runId);
            return;
        }

        var queued = 0;
        await foreach (var item in runs.ListItemsAsync(runId, CleanupItemState.Planned, cancellationToken).ConfigureAwait(false))
        {
            await queue.EnqueueAsync(new CleanupWorkMessage(runId, item.InstanceId), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            await runs.SaveItemAsync(item with { State = CleanupItemState.Queued }, cancellationToken).ConfigureAwait(false);
            queued++;
        }

        for (var attempt = 0; ; attempt++)
        {
            var stored = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false);
            if (stored is null || stored.Document.State == CleanupRunState.Running
                || await runs.TryUpdateAsync(stored.Document with { State = CleanupRunState.Running }, stored.ETag, cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            if (attempt >= 5)
            {
                throw new ConcurrencyConflictException($"Clean-up run '{runId}' changed under 5 updates in a row.");
            }
        }

        LogExpanded(logger, runId, queued);
    }

    private async Task WipeAsync(string runId, string instanceId, CancellationToken cancellationToken)
    {
        var item = await runs.GetItemAsync(runId, instanceId, cancellationToken).ConfigureAwait(false);
        if (item is null or { State: CleanupItemState.Done or CleanupItemState.Failed })
        {
            return;
        }

        var state = await store.LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var desired = state.Desired?.Document;
        var synced = state.Synced?.Document;
        var now = timeProvider.GetUtcNow();
        if (synced?.IsLeasedByOther(LeaseOwner, now) == true)
        {
            // A sync of this instance is in flight: wipe after it, so that it cannot land on top of the wipe.
            await queue.EnqueueAsync(new CleanupWorkMessage(runId, instanceId), synced.LeaseUntil!.Value - now, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Purged first: from here no change is accepted, no nudge syncs it, and the reconciler leaves it alone.
        if (desired is not null)
        {
            await store.MarkPurgedAsync(instanceId, runId, cancellationToken).ConfigureAwait(false);
            await store.ClearIssuesAsync(instanceId, synced?.IssueRows ?? [], cancellationToken).ConfigureAwait(false);
        }

        var request = CleanupWipeRequest.Build(instanceId, item.ApprovalCode, desired, synced, now);
        FeishuResult<Feishu.Models.SyncInstanceResponse> result;
        var callStarted = timeProvider.GetTimestamp();
        try
        {
            result = await feishu.SyncInstanceAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (FeishuApiException exception)
        {
            await RecordFailureAsync(item, exception, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (desired is not null)
        {
            var wipedAt = timeProvider.GetUtcNow();
            var wiped = InstanceEvents.Wiped(runId, result.LogId, timeProvider.GetElapsedTime(callStarted), wipedAt);
            await store.UpdateSyncedAsync(instanceId, loaded => timeline.Fold(loaded.SyncedOrEmpty with
            {
                FeishuInstanceTime = request.UpdateTime,
                Tasks = new Dictionary<string, EntityWatermark>(StringComparer.Ordinal),
                Ccs = new Dictionary<string, EntityWatermark>(StringComparer.Ordinal),
                LastSyncAt = wipedAt,
                LastSyncMode = SyncMode.Replace,
                Attempts = 0,
                LastError = null,
                Parked = null,
                LostInFeishu = false,
                ResendAll = false,
            }, wiped), cancellationToken).ConfigureAwait(false);
        }

        await runs.SaveItemAsync(item with { State = CleanupItemState.Done, Attempts = item.Attempts + 1, LogId = result.LogId, FinishedAt = timeProvider.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        LogWiped(logger, runId, instanceId, result.LogId);
    }

    private async Task RecordFailureAsync(CleanupItem item, FeishuApiException exception, CancellationToken cancellationToken)
    {
        var attempts = item.Attempts + 1;
        var error = $"Feishu refused the wipe ({exception.Kind}): code {exception.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, msg \"{exception.FeishuMessage}\".";
        if (exception.Kind != FeishuErrorKind.Permanent && attempts < settings.MaxWipeAttempts)
        {
            await runs.SaveItemAsync(item with { Attempts = attempts, Error = error, FeishuCode = exception.Code, LogId = exception.LogId }, cancellationToken).ConfigureAwait(false);
            var delay = TimeSpan.FromMilliseconds(settings.WipeRetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempts - 1));
            await queue.EnqueueAsync(new CleanupWorkMessage(item.RunId, item.InstanceId), exception.RetryAfter is { } reset && reset > delay ? reset : delay, cancellationToken).ConfigureAwait(false);
            LogRetry(logger, item.RunId, item.InstanceId, exception.Kind, exception.Code, exception.LogId, attempts);
            return;
        }

        await runs.SaveItemAsync(item with { State = CleanupItemState.Failed, Attempts = attempts, Error = error, FeishuCode = exception.Code, LogId = exception.LogId, FinishedAt = timeProvider.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        LogFailed(logger, item.RunId, item.InstanceId, exception.Kind, exception.Code, exception.LogId, attempts);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clean-up run {RunId} is unknown or not confirmed: nothing expanded.")]
    private static partial void LogNotConfirmed(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Clean-up run {RunId}: {ItemCount} items put on the queue.")]
    private static partial void LogExpanded(ILogger logger, string runId, int itemCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Clean-up run {RunId} wiped instance {InstanceId} in Feishu, log id {LogId}.")]
    private static partial void LogWiped(ILogger logger, string runId, string instanceId, string? logId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clean-up run {RunId}: wiping instance {InstanceId} failed ({Kind}), Feishu code {FeishuCode}, log id {LogId}, attempt {Attempt}: retried later.")]
    private static partial void LogRetry(ILogger logger, string runId, string instanceId, FeishuErrorKind kind, int? feishuCode, string? logId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Clean-up run {RunId}: wiping instance {InstanceId} failed for good ({Kind}), Feishu code {FeishuCode}, log id {LogId}, after {Attempt} attempts.")]
    private static partial void LogFailed(ILogger logger, string runId, string instanceId, FeishuErrorKind kind, int? feishuCode, string? logId, int attempt);
}
