using ApprovalFunctions.Core.Ingest;

namespace ApprovalFunctions.IntegrationTests.EndToEnd;

/// <summary>Test secrets, and requests signed with them by the app's own <see cref="WebhookSigner"/>.</summary>
public static class SignedRequests
{
    /// <summary>A <c>whsec_</c> secret of 32 bytes, all equal to <paramref name="fill"/>.</summary>
    public static string Secret(byte fill) => "whsec_" + Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray());

    public static void Sign(HttpRequestMessage request, byte[] body, string secret, DateTimeOffset sentAt, string id = "msg_e2e")
    {
        ArgumentNullException.ThrowIfNull(request);
        WebhookSigner.FromSecrets(secret, "Test:Secret").Sign(id, sentAt, body).AddTo(request.Headers);
    }
}
