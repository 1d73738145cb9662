using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>
/// The action as the source system receives it (<c>POST Callback:SourceUrl</c>, signed with Standard Webhooks): what
/// Feishu sent, minus the token, plus when the app received it. <c>task_id</c> is Feishu's <c>task_id</c>, or its
/// <c>id</c> (the task id after a search); <c>message_id</c> and <c>id</c> appear only when Feishu sent them.
/// </summary>
public sealed record RelayedAction
{
    public const string EventType = "approval.task.action";

    public string Type { get; init; } = EventType;

    public required string ActionType { get; init; }

    public string? ApprovalCode { get; init; }

    public string? InstanceId { get; init; }

    public string? TaskId { get; init; }

    public string? UserId { get; init; }

    public string? Reason { get; init; }

    public JsonElement? Attachments { get; init; }

    public string? ActionContext { get; init; }

    public string? MessageId { get; init; }

    public string? Id { get; init; }

    /// <summary>When the app received the tap, Unix milliseconds as a string (Feishu's time format).</summary>
    public required string ReceivedAt { get; init; }

    public static RelayedAction From(FeishuActionCallback callback, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new RelayedAction
        {
            ActionType = callback.ActionType,
            ApprovalCode = callback.ApprovalCode,
            InstanceId = callback.InstanceId,
            TaskId = callback.EffectiveTaskId,
            UserId = callback.UserId,
            Reason = callback.Reason,
            Attachments = callback.Attachments,
            ActionContext = callback.ActionContext,
            MessageId = callback.MessageId,
            Id = callback.Id,
            ReceivedAt = receivedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        };
    }
}

/// <summary>Identities of one action that stay the same however often the approver taps.</summary>
public static class QuickActionKeys
{
    public const string WebhookIdPrefix = "qa_";

    /// <summary>
    /// The Standard Webhooks <c>webhook-id</c>: a digest of (instance, task, action), so a repeated tap reaches the
    /// source under the same id and the source can drop it. A card action without a task id is keyed by its message.
    /// </summary>
    public static string WebhookId(FeishuActionCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var task = callback.EffectiveTaskId is { } taskId ? "task:" + taskId : "message:" + callback.MessageId;
        return WebhookId(callback.InstanceId ?? string.Empty, task, callback.ActionType);
    }

    private static string WebhookId(params string[] parts)
    {
        // Length-prefixed, so ("a", "bc") and ("ab", "c") never share a digest.
        var canonical = new StringBuilder();
        foreach (var part in parts)
        {
            canonical.Append(part.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(part);
        }

        return WebhookIdPrefix + Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}
