using System.Text.Json;
using System.Net;
using System.Text.Json.Nodes;
using ApprovalFunctions.Core.Requests;

namespace ApprovalFunctions.Core.Facade;

/// <summary>
/// <c>POST /open-apis/auth/v3/tenant_access_token/internal</c> and <c>app_access_token/internal</c>: Feishu's flat body
/// (<c>code</c>, <c>msg</c>, the token, <c>expire</c> in seconds), for the credentials of <see cref="FacadeOptions"/>.
/// </summary>
public sealed class FacadeTokenEndpoint(FacadeTokens tokens)
{
    private const int MaxBodyBytes = 64 * 1024;

    public async Task<FacadeAnswer> HandleAsync(IncomingRequest request, FacadeTokenKind kind, string logId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var credentials = await ReadCredentialsAsync(request, cancellationToken);
        if (credentials is not var (appId, appSecret))
        {
            return FacadeAnswer.Error((int)HttpStatusCode.BadRequest, FacadeCodes.InvalidParam,
                "invalid param: the body must be a JSON object with app_id and app_secret as non-empty strings", logId);
        }

        if (!tokens.CredentialsMatch(appId, appSecret))
        {
            return FacadeAnswer.Error((int)HttpStatusCode.BadRequest, FacadeCodes.WrongAppSecret, "app secret invalid", logId);
        }

        var tenant = tokens.Issue(FacadeTokenKind.Tenant);
        var body = new JsonObject { ["code"] = FacadeCodes.Success, ["msg"] = "ok" };
        if (kind == FacadeTokenKind.App)
        {
            // A self-built app's app_access_token/internal answers both tokens, as Feishu does.
            body["app_access_token"] = tokens.Issue(FacadeTokenKind.App).Token;
        }

        body["tenant_access_token"] = tenant.Token;
        body["expire"] = tenant.ExpireSeconds;
        return new FacadeAnswer((int)HttpStatusCode.OK, body, logId);
    }

    private static async Task<(string AppId, string AppSecret)?> ReadCredentialsAsync(IncomingRequest request, CancellationToken cancellationToken)
    {
        var read = await request.Body.ReadAsync(MaxBodyBytes, cancellationToken);
        if (read.Bytes is not { } body)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && NonEmptyString(root, "app_id") is { } appId
                && NonEmptyString(root, "app_secret") is { } appSecret
                ? (appId, appSecret)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? NonEmptyString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
