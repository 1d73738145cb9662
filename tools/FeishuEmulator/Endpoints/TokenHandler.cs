using System.Text.Json.Nodes;
using FeishuEmulator.Auth;
using FeishuEmulator.Configuration;
using FeishuEmulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace FeishuEmulator.Endpoints;

/// <summary><c>POST /open-apis/auth/v3/tenant_access_token/internal</c>: a flat body, no <c>data</c>.</summary>
internal sealed class TokenHandler(FeishuEmulatorOptions options, TenantTokenStore tokens)
{
    public async Task<FeishuResponse> HandleAsync(HttpContext context, bool apply)
    {
        var body = await FeishuRequestPipeline.ReadBodyAsync(context);
        var appId = body["app_id"] as JsonValue;
        var appSecret = body["app_secret"] as JsonValue;
        if (appId is null || !appId.TryGetValue<string>(out var id) || string.IsNullOrEmpty(id)
            || appSecret is null || !appSecret.TryGetValue<string>(out var secret) || string.IsNullOrEmpty(secret))
        {
            return FeishuResponse.Error(400, FeishuCodes.InvalidParam, "invalid param: app_id and app_secret must be non-empty strings");
        }

        // Feishu answers an unknown app id and a wrong secret alike, without saying which one was wrong.
        if (!string.Equals(id, options.AppId, StringComparison.Ordinal) || !string.Equals(secret, options.AppSecret, StringComparison.Ordinal))
        {
            return FeishuResponse.Error(400, FeishuCodes.WrongAppSecret, "app secret invalid");
        }

        var (token, expire) = tokens.Issue();
        return new FeishuResponse(200, new JsonObject
        {
            ["code"] = FeishuCodes.Success,
            ["msg"] = "ok",
            ["tenant_access_token"] = token,
            ["expire"] = expire,
        });
    }
}
