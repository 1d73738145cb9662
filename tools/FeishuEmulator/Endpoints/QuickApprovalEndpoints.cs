using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeishuEmulator.Callbacks;
using FeishuEmulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FeishuEmulator.Endpoints;

/// <summary>
/// The emulator's quick-approval controls: <c>GET /emulator/approvals</c> lists the definitions with their callback
/// fields (token and key masked), <c>POST /emulator/taps</c> simulates an approver's tap
/// (<c>{"instance_id","task_id","action_type","user_id"?,"reason"?,"attachments"?}</c>) and answers what the app said.
/// </summary>
internal static class QuickApprovalEndpoints
{
    // Readable Chinese in the answers: what the approver would see is the point of a tap.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var store = endpoints.ServiceProvider.GetRequiredService<ApprovalStore>();
        var taps = endpoints.ServiceProvider.GetRequiredService<QuickApprovalTaps>();

        endpoints.MapGet("/emulator/approvals", () =>
            Json(new JsonArray([.. store.ApprovalCodes.Order(StringComparer.Ordinal).Select(code => (JsonNode)View(code, store.FindApproval(code)!))]), 200));

        endpoints.MapPost("/emulator/taps", async (HttpContext context) =>
        {
            JsonObject body;
            try
            {
                body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted)) as JsonObject
                    ?? throw new JsonException("the body must be a JSON object");
            }
            catch (JsonException error)
            {
                return Error(400, $"the body is not a JSON object: {error.Message}");
            }

            if (Text(body, "instance_id") is not { } instanceId || Text(body, "task_id") is not { } taskId || Text(body, "action_type") is not { } actionType)
            {
                return Error(400, "instance_id, task_id and action_type (APPROVE or REJECT) are required strings");
            }

            var tap = new TapRequest(instanceId, taskId, actionType, Text(body, "user_id"), Text(body, "reason"), body["attachments"] as JsonArray);
            var outcome = await taps.TapAsync(tap, context.RequestAborted);
            return outcome.Report is { } report
                ? Json(report.ToJson(), 200)
                : Error(outcome.RefusalStatus, outcome.Refusal!);
        });
    }

    private static JsonObject View(string approvalCode, JsonObject definition)
    {
        var external = definition["external"] as JsonObject;
        return new JsonObject
        {
            ["approval_code"] = approvalCode,
            ["approval_name"] = definition["approval_name"]?.DeepClone(),
            ["action_callback_url"] = external?["action_callback_url"]?.DeepClone(),
            ["has_action_callback_token"] = external?["action_callback_token"] is not null,
            ["has_action_callback_key"] = external?["action_callback_key"] is not null,
        };
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static IResult Error(int status, string detail) => Json(new JsonObject { ["error"] = detail }, status);

    private static IResult Json(JsonNode node, int status) =>
        Results.Text(node.ToJsonString(Indented), "application/json; charset=utf-8", statusCode: status);
}
