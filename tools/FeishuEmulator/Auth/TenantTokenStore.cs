using System.Security.Cryptography;
using FeishuEmulator.Configuration;
using FeishuEmulator.Protocol;

namespace FeishuEmulator.Auth;

/// <summary>
/// Issues and checks tenant_access_tokens the way Feishu does: a token lives <see cref="FeishuEmulatorOptions.TokenLifetime"/>;
/// asking again with at least <see cref="FeishuEmulatorOptions.TokenReuseThreshold"/> left returns the same token,
/// otherwise a new one, and every token stays valid until its own expiry.
/// </summary>
internal sealed class TenantTokenStore(FeishuEmulatorOptions options, TimeProvider timeProvider)
{
    private const string TokenPrefix = "t-";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _expiryByToken = new(StringComparer.Ordinal);
    private string? _current;

    /// <summary>Returns the token to hand out and the whole seconds it has left.</summary>
    public (string Token, long ExpireSeconds) Issue()
    {
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            if (_current is not null && _expiryByToken[_current] - now >= options.TokenReuseThreshold)
            {
                return (_current, (long)(_expiryByToken[_current] - now).TotalSeconds);
            }

            _current = TokenPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
            _expiryByToken[_current] = now + options.TokenLifetime;
            return (_current, (long)options.TokenLifetime.TotalSeconds);
        }
    }

    /// <summary>Checks an Authorization header; null when it carries a live token, else the Feishu error.</summary>
    public FeishuResponse? Authenticate(string? authorizationHeader)
    {
        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return FeishuResponse.Error(400, FeishuCodes.MissingToken,
                "Missing access token for authorization. Please make a request with token attached.");
        }

        const string scheme = "Bearer ";
        if (!authorizationHeader.StartsWith(scheme, StringComparison.Ordinal)
            || authorizationHeader[scheme.Length..] is not { } token
            || !IsWellFormed(token))
        {
            return FeishuResponse.Error(400, FeishuCodes.MalformedToken,
                "Invalid access token for authorization. The header must be 'Authorization: Bearer t-...'.");
        }

        lock (_gate)
        {
            if (!_expiryByToken.TryGetValue(token, out var expiry))
            {
                return FeishuResponse.Error(400, FeishuCodes.InvalidToken, "Invalid access token for authorization.");
            }

            if (timeProvider.GetUtcNow() >= expiry)
            {
                return FeishuResponse.Error(400, FeishuCodes.ExpiredToken, "Invalid access token for authorization: the token has expired.");
            }
        }

        return null;
    }

    private static bool IsWellFormed(string token) =>
        token.Length > TokenPrefix.Length
        && token.StartsWith(TokenPrefix, StringComparison.Ordinal)
        && token.AsSpan(TokenPrefix.Length).IndexOfAnyExcept("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-") < 0;
}
