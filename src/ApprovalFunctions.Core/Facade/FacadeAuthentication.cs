using System.Net;
using ApprovalFunctions.Core.Requests;

namespace ApprovalFunctions.Core.Facade;

/// <summary>
/// The <c>Authorization: Bearer t-…</c> check of every facade call but the token calls, answered with Feishu's codes
/// (HTTP 400, as Feishu's business errors). The official SDKs renew a token from its <c>expire</c> (Node, Java, Python cache
/// it for <c>expire</c> − 3 min), and the Go SDK also retries once, with a token fetched again, on 99991663/99991664/99991671:
/// so an expired token answers 99991663 (not 99991665, which no SDK reacts to).
/// </summary>
public sealed class FacadeAuthentication(FacadeTokens tokens)
{
    private const string Scheme = "Bearer ";

    /// <summary>Null when the request carries a live tenant token of this surface; otherwise Feishu's error answer.</summary>
    public FacadeAnswer? Authenticate(RequestHeaders headers, string logId)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var header = headers[RequestHeaders.AuthorizationName] ?? string.Empty;
        if (string.IsNullOrWhiteSpace(header))
        {
            return Refuse(FacadeCodes.MissingToken, "Missing access token for authorization. Please make a request with token attached.", logId);
        }

        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(FacadeCodes.MalformedToken, "Invalid access token for authorization. The header must be 'Authorization: Bearer t-...'.", logId);
        }

        return tokens.Check(header[Scheme.Length..].Trim(), FacadeTokenKind.Tenant) switch
        {
            FacadeTokenCheck.Valid => null,
            FacadeTokenCheck.Malformed => Refuse(FacadeCodes.MalformedToken,
                "Invalid access token for authorization. The token is not a tenant_access_token of this service: get one from /open-apis/auth/v3/tenant_access_token/internal.", logId),
            FacadeTokenCheck.Expired => Refuse(FacadeCodes.InvalidToken, "Invalid access token for authorization. The token has expired: get a new one.", logId),
            _ => Refuse(FacadeCodes.InvalidToken, "Invalid access token for authorization. Please make a request with token attached.", logId),
        };
    }

    private static FacadeAnswer Refuse(int code, string msg, string logId) => FacadeAnswer.Error((int)HttpStatusCode.BadRequest, code, msg, logId);
}
