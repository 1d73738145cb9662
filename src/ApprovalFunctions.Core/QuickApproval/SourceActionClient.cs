using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using ApprovalFunctions.Core.Ingest;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>
/// Posts a relayed action to <see cref="CallbackOptions.SourceUrl"/>, signed with Standard Webhooks, and classifies the
/// answer. The whole exchange, reading the answer included, is bounded by <see cref="CallbackOptions.Timeout"/> on the
/// injected clock. A typed client of <see cref="IHttpClientFactory"/>.
/// </summary>
public sealed class SourceActionClient
{
    /// <summary>The longest source answer read; a refusal message is short, anything longer is not read as one.</summary>
    internal const int MaxAnswerBytes = 16 * 1024;

    private const int MaxMessageLength = 500;

    private readonly HttpClient _http;
    private readonly CallbackOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lazy<WebhookSigner> _signer;

    public SourceActionClient(HttpClient http, IOptions<CallbackOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _timeProvider = timeProvider;
        _signer = new(() => WebhookSigner.FromSecrets(_options.SourceSecret, $"{CallbackOptions.SectionName}:SourceSecret"));
    }

    public async Task<SourceAnswer> SendAsync(byte[] body, string webhookId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var started = _timeProvider.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.SourceUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        _signer.Value.Sign(webhookId, _timeProvider.GetUtcNow(), body).AddTo(request.Headers);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            var (message, withoutPrefix) = status is >= 400 and < 500
                ? await ReadMessageAsync(response, linked.Token)
                : (null, null);
            return Classify(status, message, withoutPrefix, Elapsed(started));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new SourceAnswer(SourceOutcome.Failed, null, null, null, SourceFailureKinds.Timeout, Elapsed(started));
        }
        catch (HttpRequestException)
        {
            return new SourceAnswer(SourceOutcome.Failed, null, null, null, SourceFailureKinds.Unreachable, Elapsed(started));
        }
    }

    internal static SourceAnswer Classify(int status, string? message, bool? withoutPrefix, TimeSpan duration) => status switch
    {
        >= 200 and < 300 => new(SourceOutcome.Accepted, status, null, null, null, duration),
        408 or 429 => new(SourceOutcome.Failed, status, null, null, SourceFailureKinds.Busy, duration),
        >= 400 and < 500 => new(SourceOutcome.Refused, status, message, withoutPrefix, null, duration),
        >= 500 => new(SourceOutcome.Failed, status, null, null, SourceFailureKinds.ServerError, duration),
        _ => new(SourceOutcome.Failed, status, null, null, SourceFailureKinds.UnexpectedStatus, duration),
    };

    /// <summary>The <c>message</c> (and <c>without_prefix</c>) of a JSON refusal; nothing when the answer is not such an object.</summary>
    internal static (string? Message, bool? WithoutPrefix) ParseRefusal(ReadOnlySpan<byte> answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("message", out var message)
                || message.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(message.GetString()))
            {
                return (null, null);
            }

            var text = message.GetString()!.Trim();
            bool? withoutPrefix = root.TryGetProperty("without_prefix", out var flag) && flag.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? flag.GetBoolean()
                : null;
            return (text.Length <= MaxMessageLength ? text : text[..MaxMessageLength], withoutPrefix);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static async Task<(string? Message, bool? WithoutPrefix)> ReadMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using (stream)
        {
            var answer = await BoundedStreamReader.ReadAsync(stream, MaxAnswerBytes, cancellationToken);
            return answer is { } bytes ? ParseRefusal(bytes.Span) : (null, null);
        }
    }

    private TimeSpan Elapsed(long started) => _timeProvider.GetElapsedTime(started);
}
