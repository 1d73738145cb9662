using System.Globalization;
using System.Security.Cryptography;
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

    /// <summary>A request signed as Standard Webhooks specifies, at <paramref name="sentAt"/> (default: now).</summary>
    public static HttpRequest Signed(JsonNode body, string secret, DateTimeOffset? sentAt = null, string id = "msg_2Zr4nZ1kXq")
    {
        var raw = body.ToJsonString();
        var timestamp = (sentAt ?? Now).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = Raw(raw);
        request.Headers[WebhookSignatureVerifier.IdHeader] = id;
        request.Headers[WebhookSignatureVerifier.TimestampHeader] = timestamp;
        request.Headers[WebhookSignatureVerifier.SignatureHeader] = Signature(secret, id, timestamp, raw);
        return request;
    }

    /// <summary>
    /// <c>v1,</c> + Base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), the key being the Base64 after <c>whsec_</c>.
    /// </summary>
    public static string Signature(string secret, string id, string timestamp, string body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }

    private static string Secret(byte seed) =>
        "whsec_" + Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(seed ^ (i * 7))).ToArray());
}
