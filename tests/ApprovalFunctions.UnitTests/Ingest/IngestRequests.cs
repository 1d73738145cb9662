using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.UnitTests.FunctionApp;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ApprovalFunctions.UnitTests.Ingest;

/// <summary>Builds ingest HTTP requests without a server, signs them, and builds readers over a fake clock.</summary>
internal static class IngestRequests
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static readonly string SecretA = Secret(0xA1);
    public static readonly string SecretB = Secret(0xB2);
    public static readonly string UnknownSecret = Secret(0xC3);

    public static HttpIngestReader Reader(IngestOptions? options = null, TimeProvider? timeProvider = null)
    {
        var wrapped = Options.Create(options ?? new IngestOptions());
        var clock = timeProvider ?? new FakeTimeProvider(Now);
        var reader = new IngestRequestReader(
            wrapped,
            new WebhookSignatureVerifier(wrapped, clock),
            new InstanceRequestValidator(),
            NullLogger<IngestRequestReader>.Instance);
        return new HttpIngestReader(reader, wrapped.Value, clock);
    }

    public static HttpIngestReader SignedReader(params string[] secrets) =>
        Reader(new IngestOptions { WebhookSecrets = string.Join(' ', secrets) });

    public static HttpRequest Json(JsonNode body) => Raw(body.ToJsonString());

    public static HttpRequest Raw(string body, string? contentType = "application/json", bool declareLength = true) =>
        Bytes(Encoding.UTF8.GetBytes(body), contentType, declareLength);

    public static HttpRequest Bytes(byte[] body, string? contentType = "application/json", bool declareLength = true) =>
        Stream(new MemoryStream(body), contentType, declareLength ? body.Length : null);

    public static HttpRequest Stream(Stream body, string? contentType = "application/json", long? contentLength = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = contentType;
        context.Request.ContentLength = contentLength;
        context.Request.Body = body;
        return context.Request;
    }

    /// <summary>A request signed by the app's <see cref="WebhookSigner"/>, at <paramref name="sentAt"/> (default: now).</summary>
    public static HttpRequest Signed(JsonNode body, string secret, DateTimeOffset? sentAt = null, string id = "msg_2Zr4nZ1kXq")
    {
        var raw = Encoding.UTF8.GetBytes(body.ToJsonString());
        var signature = WebhookSigner.FromSecrets(secret, "Test:Secret").Sign(id, sentAt ?? Now, raw);
        var request = Bytes(raw);
        request.Headers[WebhookSignatureVerifier.IdHeader] = signature.Id;
        request.Headers[WebhookSignatureVerifier.TimestampHeader] = signature.Timestamp;
        request.Headers[WebhookSignatureVerifier.SignatureHeader] = signature.Signature;
        return request;
    }

    /// <summary>The <c>webhook-signature</c> header the app's <see cref="WebhookSigner"/> gives <paramref name="body"/>.</summary>
    public static string Signature(string secret, string id, string timestamp, string body) =>
        WebhookSigner.FromSecrets(secret, "Test:Secret")
            .Sign(id, DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, CultureInfo.InvariantCulture)), Encoding.UTF8.GetBytes(body))
            .Signature;

    private static string Secret(byte seed) =>
        "whsec_" + Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(seed ^ (i * 7))).ToArray());
}
