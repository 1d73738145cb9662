using System.Security.Cryptography;
using System.Text;

namespace ApprovalFunctions.Core.Operations.Cleanup;

public enum ConfirmationCheck
{
    Valid,
    WrongToken,
    Expired,
    ScopeChanged,
}

/// <summary>
/// Confirmation tokens of clean-up dry runs: <c>{runId}.{secret}</c>, 256 random bits of secret, of which only the
/// SHA-256 is stored with the plan. A token confirms exactly the plan it was issued with: same scope, same instances,
/// same count, before it expires.
/// </summary>
public static class CleanupConfirmation
{
    private const char Separator = '.';

    public static (string Token, string TokenHash) Issue(string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"{runId}{Separator}{secret}", Hash(secret));
    }

    public static string NewRunId(DateTimeOffset now) =>
        $"{now.UtcDateTime:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>Whether <paramref name="runId"/> has the form <see cref="NewRunId"/> gives: 14 digits, '-', 8 lowercase hex digits.</summary>
    public static bool IsRunId(string? runId) =>
        runId is { Length: 23 } && runId[14] == '-' && runId[..14].All(char.IsAsciiDigit) && runId[15..].All(char.IsAsciiHexDigitLower);

    public static bool TryParse(string? token, out string runId, out string secret)
    {
        runId = string.Empty;
        secret = string.Empty;
        var separator = token?.IndexOf(Separator, StringComparison.Ordinal) ?? -1;
        if (token is null || separator <= 0 || separator == token.Length - 1)
        {
            return false;
        }

        runId = token[..separator];
        secret = token[(separator + 1)..];
        return IsRunId(runId);
    }

    /// <summary>Checks a presented secret against the plan and against what the plan's scope covers now.</summary>
    public static ConfirmationCheck Check(CleanupRun run, string secret, CleanupResolution current, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(current);
        if (!Matches(run, secret))
        {
            return ConfirmationCheck.WrongToken;
        }

        if (now >= run.ExpiresAt)
        {
            return ConfirmationCheck.Expired;
        }

        return run.ScopeFingerprint == run.Scope.Fingerprint() && run.Planned == current.Targets.Count && run.ItemsFingerprint == current.Fingerprint()
            ? ConfirmationCheck.Valid
            : ConfirmationCheck.ScopeChanged;
    }

    public static bool Matches(CleanupRun run, string secret)
    {
        ArgumentNullException.ThrowIfNull(run);
        var presented = Encoding.ASCII.GetBytes(Hash(secret ?? string.Empty));
        var stored = Encoding.ASCII.GetBytes(run.TokenHash);
        return CryptographicOperations.FixedTimeEquals(presented, stored);
    }

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
