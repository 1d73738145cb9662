using ApprovalFunctions.Core.State;
using System.Text.Json;
using ApprovalFunctions.Core.Storage;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>Reads the fields of a decrypted callback object; every problem names the field.</summary>
public static class FeishuActionCallbackParser
{
    private static readonly string[] TextFields = ["action_context", "user_id", "approval_code", "instance_id", "task_id", "message_id", "id", "reason"];

    public static CallbackParseResult Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return CallbackParseResult.Fail("$", "The callback must be a JSON object.");
        }

        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in TextFields)
        {
            if (!TryReadText(root, field, out var value))
            {
                return CallbackParseResult.Fail($"$.{field}", $"{field} must be a string.");
            }

            texts[field] = value;
        }

        if (!TryReadText(root, "action_type", out var actionType) || string.IsNullOrEmpty(actionType))
        {
            return CallbackParseResult.Fail("$.action_type", "action_type is required: APPROVE or REJECT.");
        }

        if (actionType is not (FeishuActionCallback.Approve or FeishuActionCallback.Reject))
        {
            return CallbackParseResult.Fail("$.action_type", $"action_type must be APPROVE or REJECT, not '{Shorten(actionType)}'.");
        }

        if (texts["instance_id"] is { } instanceId && InstanceIds.Problem(instanceId) is { } idProblem)
        {
            return CallbackParseResult.Fail("$.instance_id", $"instance_id: {idProblem}");
        }

        if (texts["task_id"] is null && texts["id"] is null && texts["message_id"] is null)
        {
            return CallbackParseResult.Fail("$.task_id", "The callback names no task: task_id, id or message_id is required.");
        }

        JsonElement? attachments = null;
        if (root.TryGetProperty("attachments", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.Object))
            {
                return CallbackParseResult.Fail("$.attachments", "attachments must be an array of objects.");
            }

            attachments = list.Clone();
        }

        return new CallbackParseResult(
            new FeishuActionCallback
            {
                ActionType = actionType,
                ActionContext = texts["action_context"],
                UserId = texts["user_id"],
                ApprovalCode = texts["approval_code"],
                InstanceId = texts["instance_id"],
                TaskId = texts["task_id"],
                MessageId = texts["message_id"],
                Id = texts["id"],
                Reason = texts["reason"],
                Attachments = attachments,
            },
            null,
            null);
    }

    /// <summary>Reads an optional string; an empty string counts as absent, any other non-string type fails.</summary>
    internal static bool TryReadText(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var text = element.GetString();
        value = string.IsNullOrEmpty(text) ? null : text;
        return true;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

/// <summary>A parsed callback, or the field that is wrong and why.</summary>
public sealed record CallbackParseResult(FeishuActionCallback? Callback, string? Field, string? Problem)
{
    public static CallbackParseResult Fail(string field, string problem) => new(null, field, problem);
}
