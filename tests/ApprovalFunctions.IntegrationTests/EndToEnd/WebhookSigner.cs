using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ApprovalFunctions.IntegrationTests.EndToEnd;

/// <summary>Signs requests as Standard Webhooks specifies: HMAC-SHA256 over <c>id.timestamp.body</c>, header <c>v1,&lt;base64&gt;</c>.</summary>
public static class WebhookSigner
{
    /// <summary>A <c>whsec_</c> secret of 32 bytes, all equal to <paramref name="fill"/>.</summary>
    public static string Secret(byte fill) => "whsec_" + Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray());

    public static void Sign(HttpRequestMessage request, byte[] body, string secret, DateTimeOffset sentAt, string id = "msg_e2e")
    {
        ArgumentNullException.ThrowIfNull(request);
        var timestamp = sentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", "v1," + Signature(secret, id, timestamp, body));
    }

    public static string Signature(string secret, string id, string timestamp, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
