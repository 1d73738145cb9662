using System.Text;

namespace ApprovalFunctions.Feishu.Models;

/// <summary>Body of POST /open-apis/auth/v3/tenant_access_token/internal.</summary>
public sealed record TenantAccessTokenRequest
{
    public required string AppId { get; init; }

    public required string AppSecret { get; init; }

    // A record prints every property; the secret must never reach a log through ToString.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("AppId = ").Append(AppId).Append(", AppSecret = ***");
        return true;
    }
}

/// <summary>The token response is flat: no data envelope.</summary>
public sealed record TenantAccessTokenResponse
{
    public int Code { get; init; }

    public string? Msg { get; init; }

    public string? TenantAccessToken { get; init; }

    /// <summary>Seconds the token has left.</summary>
    public int Expire { get; init; }

    // A record prints every property; the token must never reach a log through ToString.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Code = ").Append(Code).Append(", Msg = ").Append(Msg)
            .Append(", TenantAccessToken = ").Append(TenantAccessToken is null ? "null" : "***")
            .Append(", Expire = ").Append(Expire);
        return true;
    }
}
