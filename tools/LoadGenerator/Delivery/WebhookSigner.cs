using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ApprovalFunctions.LoadGenerator.Delivery;

/// <summary>Signs a body as Standard Webhooks defines it, for pipelines that check <c>Ingest__WebhookSecrets</c>.</summary>
internal sealed class WebhookSigner
{
    private const string SecretPrefix = "whsec_";
    private readonly byte[] _key;

    public WebhookSigner(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        try
        {
            _key = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            throw new ArgumentException("--webhook-secret must be whsec_ followed by Base64.", nameof(secret));
        }
    }

    /// <summary>The three headers for <paramref name="body"/>: webhook-id, webhook-timestamp, webhook-signature.</summary>
    public IEnumerable<(string Name, string Value)> Headers(string messageId, DateTimeOffset now, byte[] body)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed, prefix.Length);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, signed));
        yield return ("webhook-id", messageId);
        yield return ("webhook-timestamp", timestamp);
        yield return ("webhook-signature", $"v1,{signature}");
    }
}
