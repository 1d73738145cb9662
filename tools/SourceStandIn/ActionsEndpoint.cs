using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ApprovalFunctions.SourceStandIn;

/// <summary>
/// <c>POST /actions</c>: a relayed quick-approval action. Verifies the Standard Webhooks signature with the app's own
/// <see cref="WebhookSignatureVerifier"/>, drops a repeated webhook id (answering success again), acts in the model and
/// syncs the instance back to the app before answering, so a 2xx means the new status is on its way to Feishu.
/// </summary>
public sealed partial class ActionsEndpoint(
    SourceModel model,
    AppClient app,
    WebhookSignatureVerifier verifier,
    StandInBehaviour behaviour,
    DeliveryLog deliveries,
    TimeProvider timeProvider,
    ILogger<ActionsEndpoint> logger)
{
    // One action at a time: deciding and syncing back must not interleave for a double tap.
    private readonly SemaphoreSlim _serial = new(1, 1);

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var headers = new RequestHeaders(context.Request.Headers.Select(h => KeyValuePair.Create(h.Key, (IEnumerable<string?>)h.Value)));
        var problems = verifier.Verify(headers, body);
        var action = Parse(body);
        var delivery = new Delivery(
            context.Request.Headers[WebhookSignatureVerifier.IdHeader].ToString(),
            context.Request.Headers[WebhookSignatureVerifier.TimestampHeader].ToString(),
            context.Request.Headers[WebhookSignatureVerifier.SignatureHeader].ToString(),
            body,
            problems.Count == 0,
            Text(action, "action_type"),
            Text(action, "instance_id"),
            Text(action, "task_id"));
        var (status, message) = problems.Count > 0
            ? (401, "签名无效。The webhook signature is invalid: " + string.Join(" ", problems.Select(p => p.Message)))
            : await ActAsync(delivery, action, context.RequestAborted);
        deliveries.Add(delivery with { AnsweredStatus = status });
        LogAnswered(logger, delivery.ActionType ?? "-", delivery.InstanceId ?? "-", delivery.TaskId ?? "-", delivery.WebhookId, status);
        return status < 300
            ? Results.Json(new JsonObject { ["status"] = message })
            : Results.Json(new JsonObject { ["message"] = message }, statusCode: status);
    }

    private async Task<(int Status, string Message)> ActAsync(Delivery delivery, JsonObject? action, CancellationToken cancellationToken)
    {
        var settings = behaviour.Current;
        if (settings.DelayMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(settings.DelayMs), timeProvider, cancellationToken);
        }

        if (settings.RefuseStatus is { } refusal)
        {
            return (refusal, settings.RefuseMessage ?? "审批系统拒绝了此操作。The approval system refused this action.");
        }

        if (action is null || delivery.ActionType is not ("APPROVE" or "REJECT"))
        {
            return (400, "无法识别的操作。The action is not an APPROVE or REJECT of a task.");
        }

        await _serial.WaitAsync(cancellationToken);
        try
        {
            if (model.WasHandled(delivery.WebhookId))
            {
                return (200, "duplicate");
            }

            var decision = model.Decide(delivery.InstanceId, delivery.TaskId, delivery.ActionType, Text(action, "reason"), timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            if (decision.Instance is null || decision.Update is null)
            {
                return (decision.Status, decision.Message!);
            }

            if (settings.SyncBack)
            {
                var (syncStatus, _) = await app.SendInstanceAsync(decision.Update, cancellationToken);
                if (syncStatus is < 200 or >= 300)
                {
                    return (503, $"审批系统暂时无法同步结果，请稍后重试。The approval system could not sync the result (the app answered {syncStatus}).");
                }
            }

            model.Commit(delivery.WebhookId, decision.Instance);
            return (200, delivery.ActionType == "APPROVE" ? "approved" : "rejected");
        }
        finally
        {
            _serial.Release();
        }
    }

    private static JsonObject? Parse(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject? node, string name) => node?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Source stand-in: {ActionType} on instance {InstanceId}, task {TaskId} (webhook {WebhookId}) answered {Status}")]
    private static partial void LogAnswered(ILogger logger, string actionType, string instanceId, string taskId, string webhookId, int status);
}
