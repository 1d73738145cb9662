using System.Net;
using System.Text.Json;
using ApprovalFunctions.Core.Requests;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>
/// <c>POST /api/feishu/actions</c> end to end: authenticate and read the callback, relay it to the source within
/// <see cref="CallbackOptions.Timeout"/>, record it, and tell Feishu what the approver should see. Logs carry business
/// ids only (instance, task, webhook id); never the user id, the reason, the token or the key.
/// </summary>
public sealed partial class QuickActionRelay(
    FeishuCallbackReader reader,
    SourceActionClient source,
    IQuickActionLog actionLog,
    QuickActionMetrics metrics,
    IOptions<CallbackOptions> options,
    TimeProvider timeProvider,
    ILogger<QuickActionRelay> logger)
{
    public async Task<(int StatusCode, FeishuCallbackAnswerBody Body)> HandleAsync(IncomingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!options.Value.IsConfigured)
        {
            metrics.RefusedRequest((int)HttpStatusCode.NotFound);
            LogNotConfigured(logger);
            return ((int)HttpStatusCode.NotFound, new FeishuCallbackAnswerBody
            {
                Message = FeishuCallbackAnswer.NotConfigured,
                Field = "Callback:SourceUrl, Callback:Token, Callback:SourceSecret",
            });
        }

        var receivedAt = timeProvider.GetUtcNow();
        var read = await reader.ReadAsync(request, cancellationToken);
        if (read.Callback is not { } callback)
        {
            metrics.RefusedRequest(read.StatusCode);
            LogRefused(logger, read.StatusCode, read.Field ?? "$", read.Problem ?? string.Empty);
            return FeishuCallbackAnswer.Refusal(read.StatusCode, read.Problem ?? "The callback was refused.", read.Field);
        }

        var webhookId = QuickActionKeys.WebhookId(callback);
        var body = JsonSerializer.SerializeToUtf8Bytes(RelayedAction.From(callback, receivedAt), QuickApprovalJsonContext.Default.RelayedAction);

        // Once authenticated, the relay and its record run to the end even if Feishu hangs up: the source may act on it.
        var relayedAt = timeProvider.GetUtcNow();
        var answer = await source.SendAsync(body, webhookId, CancellationToken.None);
        var (statusCode, answerBody) = FeishuCallbackAnswer.For(answer);
        metrics.Relayed(answer);
        LogAnswer(callback, webhookId, answer);
        await RecordAsync(callback, webhookId, receivedAt, relayedAt, answer, statusCode);
        return (statusCode, answerBody);
    }

    private async Task RecordAsync(FeishuActionCallback callback, string webhookId, DateTimeOffset receivedAt, DateTimeOffset relayedAt, SourceAnswer answer, int feishuStatus)
    {
        var record = new QuickActionRecord
        {
            InstanceId = callback.InstanceId,
            TaskId = callback.EffectiveTaskId,
            ActionType = callback.ActionType,
            WebhookId = webhookId,
            ApprovalCode = callback.ApprovalCode,
            MessageId = callback.MessageId,
            ReceivedAt = receivedAt,
            RelayedAt = relayedAt,
            Outcome = answer.OutcomeName,
            SourceStatus = answer.StatusCode,
            FailureKind = answer.FailureKind,
            SourceMessage = answer.Message,
            DurationMs = (long)answer.Duration.TotalMilliseconds,
            FeishuStatus = feishuStatus,
        };
        try
        {
            await actionLog.RecordAsync(record, CancellationToken.None);
        }
        catch (RequestFailedException exception)
        {
            // The source has answered: Feishu must hear that answer, not a storage error.
            metrics.RecordFailed();
            LogRecordFailed(logger, exception, callback.ActionType, callback.InstanceId ?? "-", callback.EffectiveTaskId ?? "-", webhookId, exception.Status);
        }
    }

    private void LogAnswer(FeishuActionCallback callback, string webhookId, SourceAnswer answer)
    {
        var instanceId = callback.InstanceId ?? "-";
        var taskId = callback.EffectiveTaskId ?? "-";
        var durationMs = (long)answer.Duration.TotalMilliseconds;
        if (answer.Outcome == SourceOutcome.Failed)
        {
            LogFailed(logger, callback.ActionType, instanceId, taskId, webhookId, answer.FailureKind ?? "-", answer.StatusCode, durationMs);
        }
        else
        {
            LogRelayed(logger, callback.ActionType, instanceId, taskId, webhookId, answer.StatusCode, answer.OutcomeName, durationMs);
        }
    }

    [LoggerMessage(EventId = 8000, Level = LogLevel.Information,
        Message = "Quick action {ActionType} on instance {InstanceId}, task {TaskId} (webhook {WebhookId}) relayed: the source answered {SourceStatus} ({Outcome}) in {DurationMs} ms.")]
    private static partial void LogRelayed(ILogger logger, string actionType, string instanceId, string taskId, string webhookId, int? sourceStatus, string outcome, long durationMs);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning,
        Message = "Quick action {ActionType} on instance {InstanceId}, task {TaskId} (webhook {WebhookId}) failed: {FailureKind} (source status {SourceStatus}) after {DurationMs} ms; the approver was asked to try again.")]
    private static partial void LogFailed(ILogger logger, string actionType, string instanceId, string taskId, string webhookId, string failureKind, int? sourceStatus, long durationMs);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Quick-approval callback refused with {StatusCode} at {Field}: {Problem}")]
    private static partial void LogRefused(ILogger logger, int statusCode, string field, string problem);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning,
        Message = "Quick-approval callback refused: quick approval is not configured (set Callback__SourceUrl, Callback__Token and Callback__SourceSecret).")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Error,
        Message = "Quick action {ActionType} on instance {InstanceId}, task {TaskId} (webhook {WebhookId}) was relayed but its record could not be stored (storage status {StorageStatus}).")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string actionType, string instanceId, string taskId, string webhookId, int storageStatus);
}
