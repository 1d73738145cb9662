using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ApprovalFunctions.Core.Requests;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Verifies Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed by any configured secret, with the timestamp
/// within <see cref="IngestOptions.SignatureTolerance"/> of now either way.
/// </summary>
public sealed class WebhookSignatureVerifier
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    private const string SignatureVersion = "v1,";
    private const int HmacSha256Length = 32;

    private readonly IReadOnlyList<byte[]> _keys;
    private readonly TimeSpan _tolerance;
    private readonly TimeProvider _timeProvider;

    public WebhookSignatureVerifier(IOptions<IngestOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = WebhookSecrets.Parse(options.Value.WebhookSecrets);
        _tolerance = options.Value.SignatureTolerance;
        _timeProvider = timeProvider;
    }

    /// <summary>False when no secret is configured: requests are then not signature-checked.</summary>
    public bool IsEnabled => _keys.Count > 0;

    /// <summary>Every problem with the signature headers of a request over its exact raw body; empty when it is authentic.</summary>
    public IReadOnlyList<IngestProblem> Verify(RequestHeaders headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Verify(Header(headers, IdHeader), Header(headers, TimestampHeader), Header(headers, SignatureHeader), body);
    }

    public IReadOnlyList<IngestProblem> Verify(string? id, string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        var problems = new List<IngestProblem>();
        foreach (var (header, value) in new[] { (IdHeader, id), (TimestampHeader, timestamp), (SignatureHeader, signature) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add(new(header, $"The {header} header is missing; this endpoint requires Standard Webhooks signatures."));
            }
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        if (TimestampProblem(timestamp!) is { } timestampProblem)
        {
            return [timestampProblem];
        }

        var signedPrefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var candidates = ParseSignatures(signature!);
        if (candidates.Count == 0)
        {
            return [new(SignatureHeader, "The webhook-signature header holds no 'v1,<base64>' signature.")];
        }

        Span<byte> expected = stackalloc byte[HmacSha256Length];
        foreach (var key in _keys)
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            hmac.AppendData(signedPrefix);
            hmac.AppendData(body);
            hmac.GetHashAndReset(expected);
            foreach (var candidate in candidates)
            {
                if (CryptographicOperations.FixedTimeEquals(expected, candidate))
                {
                    return [];
                }
            }
        }

        return [new(SignatureHeader, "No signature in the webhook-signature header matches the body with any configured secret.")];
    }

    private IngestProblem? TimestampProblem(string timestamp)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return new(TimestampHeader, "The webhook-timestamp header must be Unix seconds (digits only).");
        }

        var now = _timeProvider.GetUtcNow();
        var sent = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (sent < now - _tolerance)
        {
            return new(TimestampHeader, $"The webhook-timestamp is too old: {(now - sent).TotalSeconds:0} s before now, more than the {_tolerance.TotalSeconds:0} s allowed.");
        }

        return sent > now + _tolerance
            ? new(TimestampHeader, $"The webhook-timestamp is too new: {(sent - now).TotalSeconds:0} s after now, more than the {_tolerance.TotalSeconds:0} s allowed.")
            : null;
    }

    // Entries other than v1 (e.g. v1a, asymmetric) are skipped, as the spec asks; malformed Base64 never matches.
    private static List<byte[]> ParseSignatures(string header)
    {
        var signatures = new List<byte[]>();
        foreach (var entry in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entry.StartsWith(SignatureVersion, StringComparison.Ordinal))
            {
                continue;
            }

            // Room for a few bytes more than a SHA-256 so that a longer value fails on its length, not on the buffer.
            var decoded = new byte[HmacSha256Length + 16];
            if (Convert.TryFromBase64String(entry[SignatureVersion.Length..], decoded, out var written) && written == HmacSha256Length)
            {
                signatures.Add(decoded[..HmacSha256Length]);
            }
        }

        return signatures;
    }

    // A header sent twice is joined with spaces: two signature headers then act as one list, and a doubled
    // id or timestamp fails to verify instead of one of them being picked silently.
    private static string? Header(RequestHeaders headers, string name) =>
        headers.Values(name) is { Count: > 0 } values ? string.Join(' ', values) : null;
}
