using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeishuEmulator.Configuration;
using FeishuEmulator.State;
using Microsoft.Extensions.Logging;

namespace FeishuEmulator.Callbacks;

/// <summary>
/// Simulates an approver tapping Approve or Reject on a third-party task (approval-api.md §8): checks that Feishu would
/// show that button (the task is PENDING and was synced with an <c>action_configs</c> entry for the action, and its
/// definition has an <c>action_callback_url</c>), then POSTs the callback as Feishu does (token in the body, encrypted
/// when the definition has an <c>action_callback_key</c>) and reports what the app answered.
/// </summary>
internal sealed partial class QuickApprovalTaps(ApprovalStore store, IHttpClientFactory httpClients, FeishuEmulatorOptions options, ILogger<QuickApprovalTaps> logger)
{
    public const string HttpClientName = "FeishuEmulator.Callbacks";

    private const int FeishuDeadlineMs = 5000;

    public async Task<TapOutcome> TapAsync(TapRequest tap, CancellationToken cancellationToken)
    {
        if (tap.ActionType is not ("APPROVE" or "REJECT"))
        {
            return TapOutcome.Refused(400, "action_type must be APPROVE or REJECT");
        }

        if (store.FindInstance(tap.InstanceId) is not { } instance)
        {
            return TapOutcome.Refused(404, $"instance {tap.InstanceId} is unknown to the emulator");
        }

        if (instance.FindTask(tap.TaskId) is not { } task)
        {
            return TapOutcome.Refused(404, $"instance {tap.InstanceId} has no task {tap.TaskId}");
        }

        if (task.Status != "PENDING")
        {
            return TapOutcome.Refused(409, $"task {tap.TaskId} is {task.Status}: Feishu shows Approve and Reject on pending tasks only");
        }

        var config = (task.Fields["action_configs"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => c["action_type"]?.GetValue<string>() == tap.ActionType);
        if (config is null)
        {
            return TapOutcome.Refused(409, $"task {tap.TaskId} was synced without an action_configs entry for {tap.ActionType}: Feishu shows no such button");
        }

        if (config["is_reason_required"]?.GetValue<bool>() == true && string.IsNullOrWhiteSpace(tap.Reason))
        {
            return TapOutcome.Refused(400, $"the task's action_configs require a reason for {tap.ActionType}: Feishu does not submit without one");
        }

        var external = store.FindApproval(instance.ApprovalCode)?["external"] as JsonObject;
        if (external?["action_callback_url"]?.GetValue<string>() is not { Length: > 0 } callbackUrl || !Uri.TryCreate(callbackUrl, UriKind.Absolute, out var callbackUri))
        {
            return TapOutcome.Refused(409, $"the definition {instance.ApprovalCode} has no action_callback_url (create it through external_approvals with one)");
        }

        var key = external["action_callback_key"]?.GetValue<string>();
        var plain = Callback(tap, instance, task, external["action_callback_token"]?.GetValue<string>()).ToJsonString();
        var body = string.IsNullOrEmpty(key) ? plain : new JsonObject { ["encrypt"] = FeishuCallbackCipher.Encrypt(key, plain) }.ToJsonString();
        return await SendAsync(callbackUri, body, encrypted: !string.IsNullOrEmpty(key), cancellationToken);
    }

    /// <summary>The fields Feishu sends for a tap in the task list, in its documented order.</summary>
    private static JsonObject Callback(TapRequest tap, InstanceSnapshot instance, TaskSnapshot task, string? token)
    {
        var callback = new JsonObject { ["action_type"] = tap.ActionType };
        if (task.Field("action_context") is { } context)
        {
            callback["action_context"] = context;
        }

        callback["user_id"] = tap.UserId ?? task.UserId ?? task.OpenId;
        callback["approval_code"] = instance.ApprovalCode;
        callback["instance_id"] = instance.InstanceId;
        callback["task_id"] = task.TaskId;
        if (!string.IsNullOrEmpty(tap.Reason))
        {
            callback["reason"] = tap.Reason;
        }

        if (tap.Attachments is { } attachments)
        {
            callback["attachments"] = attachments.DeepClone();
        }

        callback["token"] = token;
        return callback;
    }

    private async Task<TapOutcome> SendAsync(Uri callbackUri, string body, bool encrypted, CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(HttpClientName);
        http.Timeout = options.CallbackTimeout;
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.PostAsync(callbackUri, content, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            LogTapped(logger, callbackUri.AbsolutePath, status, watch.ElapsedMilliseconds);
            return TapOutcome.Answered(new TapReport(callbackUri.ToString(), encrypted, status, Parse(text), watch.ElapsedMilliseconds, watch.ElapsedMilliseconds <= FeishuDeadlineMs, ShownToUser(status, text), null));
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return TapOutcome.Answered(new TapReport(callbackUri.ToString(), encrypted, null, null, watch.ElapsedMilliseconds, false, SubmitFailed, $"the callback did not answer: {error.Message}"));
        }
    }

    private const string SubmitFailed = "提交失败";

    /// <summary>Feishu shows success on 200, the app's message on a status above 400 that carries one, else "submit failed".</summary>
    private static string ShownToUser(int status, string text)
    {
        if (status == 200)
        {
            return "已提交";
        }

        return status > 400 && Parse(text) is JsonObject answer && answer["message"] is JsonValue message && message.TryGetValue<string>(out var shown) && shown.Length > 0
            ? shown
            : SubmitFailed;
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feishu emulator sent a quick-approval callback to {CallbackPath}: HTTP {Status} in {ElapsedMs} ms")]
    private static partial void LogTapped(ILogger logger, string callbackPath, int status, long elapsedMs);
}

/// <summary>The body of <c>POST /emulator/taps</c>.</summary>
internal sealed record TapRequest(string InstanceId, string TaskId, string ActionType, string? UserId, string? Reason, JsonArray? Attachments);

/// <summary>What the app answered to a simulated tap, and what Feishu would show the approver.</summary>
/// <param name="Status">The app's HTTP status; null when it did not answer.</param>
/// <param name="WithinFeishuDeadline">Answered within Feishu's 5 s.</param>
public sealed record TapReport(
    string CallbackUrl,
    bool Encrypted,
    int? Status,
    JsonNode? Body,
    long ElapsedMs,
    bool WithinFeishuDeadline,
    string ShownToUser,
    string? Error)
{
    /// <summary>The report as <c>POST /emulator/taps</c> answers it, snake_case like the request.</summary>
    public JsonObject ToJson() => new()
    {
        ["callback_url"] = CallbackUrl,
        ["encrypted"] = Encrypted,
        ["status"] = Status,
        ["body"] = Body?.DeepClone(),
        ["elapsed_ms"] = ElapsedMs,
        ["within_feishu_deadline"] = WithinFeishuDeadline,
        ["shown_to_user"] = ShownToUser,
        ["error"] = Error,
    };
}

/// <summary>Either a report (the callback was sent) or why Feishu would not even send it.</summary>
internal sealed record TapOutcome(TapReport? Report, int RefusalStatus, string? Refusal)
{
    public static TapOutcome Answered(TapReport report) => new(report, 200, null);

    public static TapOutcome Refused(int status, string reason) => new(null, status, reason);
}
