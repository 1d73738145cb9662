using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Facade;

/// <summary>
/// Self-contained access tokens: <c>t-</c> (tenant) or <c>a-</c> (app) and base64url of the expiry (Unix seconds) and an
/// HMAC-SHA256 over kind, app id and expiry, keyed from the facade secret. Every host checks them without shared state.
/// Expiries lie on a grid of <see cref="Lifetime"/> − <see cref="ReuseThreshold"/> (90 min), and a call gets the first
/// grid point at least <see cref="ReuseThreshold"/> away: so, as with Feishu, asking again with 30 min or more left returns
/// the same token with a smaller <c>expire</c>, a new token comes with 2 h once the old one has less than 30 min, both stay
/// valid until their own expiry, and every host hands out the same token at the same time.
/// </summary>
public sealed class FacadeTokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);
    public static readonly TimeSpan ReuseThreshold = TimeSpan.FromMinutes(30);

    private const int ExpiryBytes = 8;
    private const int MacBytes = 32;
    private static readonly long GridSeconds = (long)(Lifetime - ReuseThreshold).TotalSeconds;
    private static readonly byte[] KeyPurpose = "ApprovalFunctions facade access token signing key v1"u8.ToArray();

    private readonly TimeProvider _timeProvider;
    private readonly string _appId;
    private readonly byte[]? _appIdBytes;
    private readonly byte[]? _appSecretBytes;
    private readonly byte[]? _signingKey;

    public FacadeTokens(IOptions<FacadeOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider;
        var value = options.Value;
        _appId = value.AppId ?? string.Empty;
        if (value.IsEnabled)
        {
            _appIdBytes = Encoding.UTF8.GetBytes(value.AppId!);
            _appSecretBytes = Encoding.UTF8.GetBytes(value.AppSecret!);
            _signingKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, _appSecretBytes, MacBytes, salt: [], info: KeyPurpose);
        }
    }

    public bool IsEnabled => _signingKey is not null;

    /// <summary>Compares both credentials in constant time, so neither their content nor which one was wrong leaks.</summary>
    public bool CredentialsMatch(string appId, string appSecret)
    {
        if (!IsEnabled)
        {
            return false;
        }

        var idMatches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(appId), _appIdBytes);
        var secretMatches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(appSecret), _appSecretBytes);
        return idMatches & secretMatches;
    }

    /// <summary>The token to hand out now and the whole seconds it has left.</summary>
    public IssuedToken Issue(FacadeTokenKind kind)
    {
        var key = _signingKey ?? throw new InvalidOperationException("The Feishu-compatible surface is off: no token can be issued.");
        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var gridMs = GridSeconds * 1000;
        var earliestMs = nowMs + (long)ReuseThreshold.TotalMilliseconds;
        var expirySeconds = (earliestMs + gridMs - 1) / gridMs * GridSeconds;

        var payload = new byte[ExpiryBytes + MacBytes];
        BinaryPrimitives.WriteInt64BigEndian(payload, expirySeconds);
        Mac(key, kind, expirySeconds, payload.AsSpan(ExpiryBytes));
        return new IssuedToken(Prefix(kind) + Base64Url.EncodeToString(payload), (expirySeconds * 1000 - nowMs) / 1000);
    }

    /// <summary>Checks a presented token of the given kind: the MAC first (constant time), then the expiry.</summary>
    public FacadeTokenCheck Check(string token, FacadeTokenKind kind)
    {
        ArgumentNullException.ThrowIfNull(token);
        var prefix = Prefix(kind);
        var payload = new byte[ExpiryBytes + MacBytes];
        if (!token.StartsWith(prefix, StringComparison.Ordinal)
            || Base64Url.GetMaxDecodedLength(token.Length - prefix.Length) < payload.Length
            || !Base64Url.TryDecodeFromChars(token.AsSpan(prefix.Length), payload, out var written)
            || written != payload.Length)
        {
            return FacadeTokenCheck.Malformed;
        }

        if (_signingKey is not { } key)
        {
            return FacadeTokenCheck.Invalid;
        }

        var expirySeconds = BinaryPrimitives.ReadInt64BigEndian(payload);
        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(key, kind, expirySeconds, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, payload.AsSpan(ExpiryBytes)))
        {
            return FacadeTokenCheck.Invalid;
        }

        var nowSeconds = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        return nowSeconds >= expirySeconds ? FacadeTokenCheck.Expired : FacadeTokenCheck.Valid;
    }

    private void Mac(byte[] key, FacadeTokenKind kind, long expirySeconds, Span<byte> destination)
    {
        // Kind and app id are in the MAC: an app token is no tenant token, and a token of another app id is no token here.
        var message = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{Prefix(kind)}\n{_appId}\n{expirySeconds}"));
        HMACSHA256.HashData(key, message, destination);
    }

    private static string Prefix(FacadeTokenKind kind) => kind == FacadeTokenKind.Tenant ? "t-" : "a-";
}

public enum FacadeTokenKind
{
    Tenant,
    App,
}

public enum FacadeTokenCheck
{
    Valid,

    /// <summary>Not a token of this surface's shape (Feishu 99991671).</summary>
    Malformed,

    /// <summary>Right shape, wrong signature: issued by someone else, for another app id or under another secret (99991663).</summary>
    Invalid,

    /// <summary>Signed by us, past its expiry (99991663: the code the official SDKs re-fetch on).</summary>
    Expired,
}

/// <param name="Token">Never logged.</param>
/// <param name="ExpireSeconds">Whole seconds the token has left, Feishu's <c>expire</c>.</param>
public sealed record IssuedToken(string Token, long ExpireSeconds)
{
    public override string ToString() => $"IssuedToken {{ Token = ***, ExpireSeconds = {ExpireSeconds} }}";
}
