using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ApprovalFunctions.Core.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// The checks of an ingest request, in order, each with its own status: content type (415), body size (413), the body
/// within its deadline (408; broken off: 400), Standard Webhooks signature over the exact raw bytes when secrets are
/// configured (401), then JSON, Unicode text and Feishu's rules (400 with every problem).
/// </summary>
public sealed partial class IngestRequestReader : IIngestRequestReader
{
    private const string InstancesProperty = "instances";

    private readonly IngestOptions _options;
    private readonly WebhookSignatureVerifier _signatureVerifier;
    private readonly InstanceRequestValidator _validator;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<IngestRequestReader> _logger;

    public IngestRequestReader(
        IOptions<IngestOptions> options,
        WebhookSignatureVerifier signatureVerifier,
        InstanceRequestValidator validator,
        TimeProvider timeProvider,
        ILogger<IngestRequestReader> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _signatureVerifier = signatureVerifier;
        _validator = validator;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public Task<IngestReadResult> ReadInstanceAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ReadInstanceAsync(request, verifySignature: true, cancellationToken);

    public Task<IngestReadResult> ReadUnsignedInstanceAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ReadInstanceAsync(request, verifySignature: false, cancellationToken);

    private async Task<IngestReadResult> ReadInstanceAsync(HttpRequest request, bool verifySignature, CancellationToken cancellationToken)
    {
        var body = await ReadJsonAsync(request, _options.MaxBodyBytes, verifySignature, cancellationToken);
        if (body.Problems is { } problems)
        {
            return IngestReadResult.Invalid(body.StatusCode, problems);
        }

        using var document = body.Document!;
        var result = _validator.Validate(document.RootElement);
        if (!result.IsValid)
        {
            LogRejected(result.StatusCode, result.Problems.Count, LogText.Escape(result.Problems[0].Path));
        }

        return result;
    }

    public async Task<IngestBatchReadResult> ReadBatchAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await ReadJsonAsync(request, _options.MaxBatchBodyBytes, verifySignature: true, cancellationToken);
        if (body.Problems is { } problems)
        {
            return new IngestBatchReadResult(body.StatusCode, [], problems);
        }

        using var document = body.Document!;
        var envelopeProblems = new List<IngestProblem>();
        UnpairedSurrogates.FindOutsideItems(document.RootElement, InstancesProperty, envelopeProblems);
        var items = envelopeProblems.Count == 0 ? ReadEnvelope(document.RootElement, envelopeProblems) : null;
        if (envelopeProblems.Count > 0)
        {
            LogRejected(StatusCodes.Status400BadRequest, envelopeProblems.Count, LogText.Escape(envelopeProblems[0].Path));
            return new IngestBatchReadResult(StatusCodes.Status400BadRequest, [], envelopeProblems);
        }

        var results = items!.Select(item => _validator.Validate(item.Item, item.Path)).ToList();
        var invalid = results.Count(result => !result.IsValid);
        if (invalid > 0)
        {
            LogBatchItemsRejected(invalid, results.Count);
        }

        return new IngestBatchReadResult(StatusCodes.Status200OK, results, []);
    }

    private IReadOnlyList<(JsonElement Item, string Path)>? ReadEnvelope(JsonElement root, List<IngestProblem> problems)
    {
        var envelope = JsonObjectReader.Open(root, JsonPath.Root, problems, "a batch: {\"instances\": [...]}");
        var items = envelope?.Array(InstancesProperty, required: true);
        envelope?.RejectUnknownProperties();
        if (items is not null && (items.Count == 0 || items.Count > _options.MaxBatchSize))
        {
            envelope!.AddProblem(InstancesProperty, $"Must hold 1 to {_options.MaxBatchSize} instances; it holds {items.Count}.");
        }

        return items;
    }

    /// <summary>Content type, size, signature and JSON syntax: everything before the instance itself is looked at.</summary>
    private async Task<JsonBody> ReadJsonAsync(HttpRequest request, int maxBytes, bool verifySignature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ContentTypeProblem(request.ContentType) is { } contentTypeProblem)
        {
            return Reject(StatusCodes.Status415UnsupportedMediaType, contentTypeProblem);
        }

        if (request.ContentLength > maxBytes)
        {
            return Reject(StatusCodes.Status413PayloadTooLarge, new(HeaderNames.ContentLength, $"The body has {request.ContentLength} bytes; at most {maxBytes} are accepted."));
        }

        var read = await ReadBodyAsync(request, maxBytes, cancellationToken);
        if (read.Rejected is { } unreadable)
        {
            return unreadable;
        }

        if (read.Body is not { } bytes)
        {
            return Reject(StatusCodes.Status413PayloadTooLarge, new(JsonPath.Root, $"The body is longer than the {maxBytes} bytes accepted."));
        }

        if (verifySignature && _signatureVerifier.IsEnabled && _signatureVerifier.Verify(request.Headers, bytes.Span) is { Count: > 0 } signatureProblems)
        {
            LogSignatureRejected(signatureProblems[0].Path);
            return new JsonBody(StatusCodes.Status401Unauthorized, null, signatureProblems);
        }

        return Parse(bytes);
    }

    /// <summary>
    /// The body within <see cref="IngestOptions.BodyReadTimeout"/>. A body that arrives too slowly (408) or breaks off (400)
    /// is the sender's problem, not ours: it is answered with one information line, and nothing is stored.
    /// </summary>
    private async Task<BodyRead> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(_options.BodyReadTimeout, _timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, request.HttpContext.RequestAborted);
        BodyBytes body;
        try
        {
            body = await BoundedBodyReader.ReadAsync(request.BodyReader, request.ContentLength, maxBytes, stop.Token);
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's verdicts: data arriving below the minimum rate (408), fewer bytes than Content-Length (400), ...
            return Failed(exception.StatusCode, $"The body could not be read: {exception.Message}");
        }
        catch (IOException)
        {
            return Failed(StatusCodes.Status400BadRequest, "The body broke off before it was complete; send it again.");
        }
        catch (OperationCanceledException) when (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Failed(StatusCodes.Status400BadRequest, "The caller went away before the body was complete.");
        }

        if (!body.Stopped)
        {
            return new(body.Bytes, null);
        }

        if (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Failed(StatusCodes.Status400BadRequest, "The caller went away before the body was complete.");
        }

        // The host is stopping: not the sender's fault, and a retry will work.
        cancellationToken.ThrowIfCancellationRequested();
        return Failed(StatusCodes.Status408RequestTimeout, $"The body did not arrive within {_options.BodyReadTimeout.TotalSeconds:0.#} s (Ingest:BodyReadTimeout); send it again.");

        BodyRead Failed(int statusCode, string message)
        {
            var problem = new IngestProblem(JsonPath.Root, message);
            LogBodyUnreadable(statusCode, message);
            return new(null, new JsonBody(statusCode, null, [problem]));
        }
    }

    private JsonBody Parse(ReadOnlyMemory<byte> bytes)
    {
        var json = bytes.Span.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
        if (json.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return Reject(StatusCodes.Status400BadRequest, new(JsonPath.Root, "The body is empty; send a JSON object."));
        }

        if (!Utf8.IsValid(json.Span))
        {
            return Reject(StatusCodes.Status400BadRequest, new(JsonPath.Root, "The body is not valid UTF-8."));
        }

        try
        {
            return new JsonBody(StatusCodes.Status200OK, JsonDocument.Parse(json), null);
        }
        catch (JsonException exception)
        {
            return Reject(StatusCodes.Status400BadRequest, new(JsonPath.Root, $"The body is not valid JSON: {exception.Message}"));
        }
    }

    private static IngestProblem? ContentTypeProblem(string? contentType)
    {
        const string Expected = "Send Content-Type: application/json (charset utf-8 or none)";
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return new(HeaderNames.ContentType, $"The Content-Type header is missing. {Expected}.");
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return new(HeaderNames.ContentType, $"{Expected}; got \"{contentType}\".");
        }

        var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset);
        return charset.HasValue && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            ? new(HeaderNames.ContentType, $"{Expected}; got charset \"{charset}\".")
            : null;
    }

    private JsonBody Reject(int statusCode, IngestProblem problem)
    {
        LogRejected(statusCode, 1, LogText.Escape(problem.Path));
        return new JsonBody(statusCode, null, [problem]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest request rejected with {StatusCode}: {ProblemCount} problem(s), the first at {FirstProblemPath}")]
    private partial void LogRejected(int statusCode, int problemCount, string firstProblemPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest request rejected with {StatusCode}: {Reason}")]
    private partial void LogBodyUnreadable(int statusCode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest request rejected with 401: webhook signature check failed at {Header}")]
    private partial void LogSignatureRejected(string header);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest batch: {InvalidCount} of {ItemCount} instances rejected")]
    private partial void LogBatchItemsRejected(int invalidCount, int itemCount);

    /// <summary>The bytes of a body (null: over the size limit), or the answer when it could not be read at all.</summary>
    private sealed record BodyRead(ReadOnlyMemory<byte>? Body, JsonBody? Rejected);

    /// <summary>A parsed body (<see cref="Document"/>), or the status and problems that stopped it.</summary>
    private sealed record JsonBody(int StatusCode, JsonDocument? Document, IReadOnlyList<IngestProblem>? Problems);
}
