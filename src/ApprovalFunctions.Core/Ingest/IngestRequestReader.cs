using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.Requests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// The checks of an ingest request, in order, each with its own status: content type (415), body size (413), the body
/// as the host read it (too slow: 408; broken off: 400), Standard Webhooks signature over the exact raw bytes when secrets
/// are configured (401), then JSON, Unicode text and Feishu's rules (400 with every problem).
/// </summary>
public sealed partial class IngestRequestReader : IIngestRequestReader
{
    private readonly IngestOptions _options;
    private readonly WebhookSignatureVerifier _signatureVerifier;
    private readonly InstanceRequestValidator _validator;
    private readonly ILogger<IngestRequestReader> _logger;

    public IngestRequestReader(
        IOptions<IngestOptions> options,
        WebhookSignatureVerifier signatureVerifier,
        InstanceRequestValidator validator,
        ILogger<IngestRequestReader> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _signatureVerifier = signatureVerifier;
        _validator = validator;
        _logger = logger;
    }

    public Task<IngestReadResult> ReadInstanceAsync(IncomingRequest request, CancellationToken cancellationToken) =>
        ReadInstanceAsync(request, verifySignature: true, cancellationToken);

    public Task<IngestReadResult> ReadUnsignedInstanceAsync(IncomingRequest request, CancellationToken cancellationToken) =>
        ReadInstanceAsync(request, verifySignature: false, cancellationToken);

    private async Task<IngestReadResult> ReadInstanceAsync(IncomingRequest request, bool verifySignature, CancellationToken cancellationToken)
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

    public async Task<IngestBatchReadResult> ReadBatchAsync(IncomingRequest request, CancellationToken cancellationToken)
    {
        var body = await ReadJsonAsync(request, _options.MaxBatchBodyBytes, verifySignature: true, cancellationToken);
        if (body.Problems is { } problems)
        {
            return new IngestBatchReadResult(body.StatusCode, [], problems);
        }

        using var document = body.Document!;
        var envelopeProblems = new List<IngestProblem>();
        UnpairedSurrogates.FindOutsideItems(document.RootElement, BatchEnvelope.InstancesProperty, envelopeProblems);
        var items = envelopeProblems.Count == 0 ? BatchEnvelope.Read(document.RootElement, _options.MaxBatchSize, envelopeProblems) : null;
        if (envelopeProblems.Count > 0)
        {
            LogRejected((int)HttpStatusCode.BadRequest, envelopeProblems.Count, LogText.Escape(envelopeProblems[0].Path));
            return new IngestBatchReadResult((int)HttpStatusCode.BadRequest, [], envelopeProblems);
        }

        var results = items!.Select(item => _validator.Validate(item.Item, item.Path)).ToList();
        var invalid = results.Count(result => !result.IsValid);
        if (invalid > 0)
        {
            LogBatchItemsRejected(invalid, results.Count);
        }

        return new IngestBatchReadResult((int)HttpStatusCode.OK, results, []);
    }

    /// <summary>Content type, size, signature and JSON syntax: everything before the instance itself is looked at.</summary>
    private async Task<JsonBody> ReadJsonAsync(IncomingRequest request, int maxBytes, bool verifySignature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.Headers;
        if (ContentTypeProblem(headers.ContentType) is { } contentTypeProblem)
        {
            return Reject((int)HttpStatusCode.UnsupportedMediaType, contentTypeProblem);
        }

        if (headers.ContentLength > maxBytes)
        {
            return Reject((int)HttpStatusCode.RequestEntityTooLarge, new(RequestHeaders.ContentLengthName, $"The body has {headers.ContentLength} bytes; at most {maxBytes} are accepted."));
        }

        var read = await request.Body.ReadAsync(maxBytes, cancellationToken);
        if (read.FailedStatus is { } failedStatus)
        {
            // A body that arrives too slowly (408) or breaks off (400) is the sender's problem, not ours: one information line.
            LogBodyUnreadable(failedStatus, read.Failure ?? string.Empty);
            return new JsonBody(failedStatus, null, [new(JsonPath.Root, read.Failure ?? "The body could not be read.")]);
        }

        if (read.Bytes is not { } bytes)
        {
            return Reject((int)HttpStatusCode.RequestEntityTooLarge, new(JsonPath.Root, $"The body is longer than the {maxBytes} bytes accepted."));
        }

        if (verifySignature && _signatureVerifier.IsEnabled && _signatureVerifier.Verify(headers, bytes.Span) is { Count: > 0 } signatureProblems)
        {
            LogSignatureRejected(signatureProblems[0].Path);
            return new JsonBody((int)HttpStatusCode.Unauthorized, null, signatureProblems);
        }

        return Parse(bytes);
    }

    private JsonBody Parse(ReadOnlyMemory<byte> bytes)
    {
        var json = bytes.Span.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
        if (json.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return Reject((int)HttpStatusCode.BadRequest, new(JsonPath.Root, "The body is empty; send a JSON object."));
        }

        if (!Utf8.IsValid(json.Span))
        {
            return Reject((int)HttpStatusCode.BadRequest, new(JsonPath.Root, "The body is not valid UTF-8."));
        }

        try
        {
            return new JsonBody((int)HttpStatusCode.OK, JsonDocument.Parse(json), null);
        }
        catch (JsonException exception)
        {
            return Reject((int)HttpStatusCode.BadRequest, new(JsonPath.Root, $"The body is not valid JSON: {exception.Message}"));
        }
    }

    private static IngestProblem? ContentTypeProblem(string? contentType)
    {
        const string Expected = "Send Content-Type: application/json (charset utf-8 or none)";
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return new(RequestHeaders.ContentTypeName, $"The Content-Type header is missing. {Expected}.");
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !string.Equals(mediaType.MediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return new(RequestHeaders.ContentTypeName, $"{Expected}; got \"{contentType}\".");
        }

        var charset = mediaType.CharSet?.Trim('"');
        return !string.IsNullOrEmpty(charset) && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            ? new(RequestHeaders.ContentTypeName, $"{Expected}; got charset \"{charset}\".")
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

    /// <summary>A parsed body (<see cref="Document"/>), or the status and problems that stopped it.</summary>
    private sealed record JsonBody(int StatusCode, JsonDocument? Document, IReadOnlyList<IngestProblem>? Problems);
}
