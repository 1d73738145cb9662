using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.LocalHost;

/// <summary>
/// The Functions host's key check: the key comes in the <c>x-functions-key</c> header or the <c>code</c>
/// query parameter; Function level accepts the function or the admin key, Admin (and System, User) only
/// the admin key. With no key configured everything is allowed, as under Core Tools.
/// </summary>
public sealed class KeyAuthorization(IOptions<LocalHostOptions> options)
{
    public const string KeyHeader = "x-functions-key";
    public const string KeyQueryParameter = "code";

    private readonly byte[]? functionKey = Bytes(options.Value.FunctionKey);
    private readonly byte[]? adminKey = Bytes(options.Value.AdminKey);

    public bool IsEnabled => functionKey is not null || adminKey is not null;

    public bool IsAuthorized(HttpRequest request, AuthorizationLevel level)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (level == AuthorizationLevel.Anonymous || !IsEnabled)
        {
            return true;
        }

        var presented = request.Headers[KeyHeader].FirstOrDefault() ?? request.Query[KeyQueryParameter].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        return Matches(presentedBytes, adminKey) || (level == AuthorizationLevel.Function && Matches(presentedBytes, functionKey));
    }

    private static bool Matches(byte[] presented, byte[]? key) => key is not null && CryptographicOperations.FixedTimeEquals(presented, key);

    private static byte[]? Bytes(string? key) => string.IsNullOrEmpty(key) ? null : Encoding.UTF8.GetBytes(key);
}
