using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Signs outgoing requests as Standard Webhooks specifies (https://www.standardwebhooks.com), the counterpart of
/// <see cref="WebhookSignatureVerifier"/>: HMAC-SHA256 over <c>{webhook-id}.{webhook-timestamp}.{body}</c>, one
/// <c>v1,&lt;base64&gt;</c> signature per configured secret. Signing with every secret lets the receiver rotate:
/// while old and new are both configured here, a receiver holding either one verifies the request.
/// </summary>
public sealed class WebhookSigner
{
    private readonly IReadOnlyList<byte[]> _keys;

    public WebhookSigner(IReadOnlyList<byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("A webhook signer needs at least one secret.", nameof(keys));
        }

        _keys = keys;
    }

    /// <summary>A signer of the <c>whsec_…</c> secrets in <paramref name="secrets"/>; a malformed setting throws naming <paramref name="settingName"/>.</summary>
    public static WebhookSigner FromSecrets(string? secrets, string settingName)
    {
        if (!WebhookSecrets.TryParse(secrets, settingName, out var keys, out var error))
        {
            throw new InvalidOperationException(error);
        }

        return keys.Count > 0 ? new WebhookSigner(keys) : throw new InvalidOperationException($"{settingName} holds no secret.");
    }

    public WebhookSignature Sign(string id, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var seconds = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signedPrefix = Encoding.UTF8.GetBytes($"{id}.{seconds}.");
        var signatures = new List<string>(_keys.Count);
        foreach (var key in _keys)
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            hmac.AppendData(signedPrefix);
            hmac.AppendData(body);
            signatures.Add("v1," + Convert.ToBase64String(hmac.GetHashAndReset()));
        }

        return new WebhookSignature(id, seconds, string.Join(' ', signatures));
    }
}

/// <summary>The three Standard Webhooks headers of one signed request.</summary>
public sealed record WebhookSignature(string Id, string Timestamp, string Signature)
{
    public void AddTo(HttpRequestHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.Add(WebhookSignatureVerifier.IdHeader, Id);
        headers.Add(WebhookSignatureVerifier.TimestampHeader, Timestamp);
        headers.Add(WebhookSignatureVerifier.SignatureHeader, Signature);
    }
}
