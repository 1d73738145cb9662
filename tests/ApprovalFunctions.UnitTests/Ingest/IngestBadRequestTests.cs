using System.Text;
using System.Text.Json.Nodes;
using ApprovalFunctions.UnitTests.FunctionApp;
using ApprovalFunctions.Core.Ingest;
using Microsoft.AspNetCore.Http;

namespace ApprovalFunctions.UnitTests.Ingest;

/// <summary>
/// One table of bad requests, each with the status and the path of the problem that the caller must see.
/// The base body is a full, valid instance; each case breaks one thing.
/// </summary>
public sealed class IngestBadRequestTests
{
    private const int BadRequest = StatusCodes.Status400BadRequest;
    private const int Unauthorized = StatusCodes.Status401Unauthorized;
    private const int TooLarge = StatusCodes.Status413PayloadTooLarge;
    private const int Unsupported = StatusCodes.Status415UnsupportedMediaType;

    /// <summary>A JSON node cannot hold a lone surrogate: the marker is replaced in the serialised text by an escaped one.</summary>
    private const string Marker = "UNPAIRED-SURROGATE";

    private static readonly string[] RequiredPaths =
    [
        "approval_code", "instance_id", "status", "links", "links.pc_link", "start_time", "end_time", "update_time", "i18n_resources",
        "task_list[0].task_id", "task_list[0].links", "task_list[0].links.pc_link", "task_list[0].status", "task_list[0].create_time", "task_list[0].end_time",
        "task_list[0].action_configs[0].action_type",
        "cc_list[0].cc_id", "cc_list[0].links", "cc_list[0].read_status", "cc_list[0].create_time", "cc_list[0].update_time",
        "i18n_resources[0].locale", "i18n_resources[0].is_default", "i18n_resources[0].texts",
        "i18n_resources[0].texts[0].key", "i18n_resources[0].texts[0].value",
    ];

    private static readonly Dictionary<string, Case> Cases = BuildCases();

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Fact]
    public void The_table_covers_at_least_thirty_distinct_bad_requests() =>
        Assert.True(Cases.Count >= 30, $"Only {Cases.Count} cases.");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_request_is_rejected_with_its_status_and_problem_path(string name)
    {
        var badRequest = Cases[name];
        var reader = badRequest.Reader?.Invoke() ?? IngestRequests.Reader();

        int status;
        IReadOnlyList<IngestProblem> problems;
        if (badRequest.Batch)
        {
            var batch = await reader.ReadBatchAsync(badRequest.Request(), CancellationToken.None);
            Assert.Empty(batch.Items);
            Assert.False(batch.IsEnvelopeValid);
            (status, problems) = (batch.StatusCode, batch.Problems);
        }
        else
        {
            var result = await reader.ReadInstanceAsync(badRequest.Request(), CancellationToken.None);
            Assert.False(result.IsValid);
            Assert.Null(result.Instance);
            (status, problems) = (result.StatusCode, result.Problems);
        }

        var described = string.Join(Environment.NewLine, problems.Select(p => $"{p.Path}: {p.Message}"));
        Assert.True(badRequest.Status == status, $"Expected {badRequest.Status}, got {status}. Problems:{Environment.NewLine}{described}");
        Assert.True(
            problems.Any(p => p.Path == badRequest.Path && (badRequest.MessageContains is null || p.Message.Contains(badRequest.MessageContains, StringComparison.Ordinal))),
            $"No problem at {badRequest.Path}{(badRequest.MessageContains is null ? string.Empty : $" saying \"{badRequest.MessageContains}\"")}. Problems:{Environment.NewLine}{described}");
    }

    private static Dictionary<string, Case> BuildCases()
    {
        var cases = new Dictionary<string, Case>
        {
            // The body as a whole.
            ["invalid JSON"] = new(() => IngestRequests.Raw("{\"instance_id\": \"PO-1\",\n  \"status\": }"), BadRequest, "$", "LineNumber: 1"),
            ["body is an array"] = new(() => IngestRequests.Raw("[{\"instance_id\":\"PO-1\"}]"), BadRequest, "$", "Must be a JSON object"),
            ["body is a string"] = new(() => IngestRequests.Raw("\"PO-1\""), BadRequest, "$", "not a string"),
            ["body is empty"] = new(() => IngestRequests.Raw(string.Empty), BadRequest, "$", "empty"),
            ["body is not UTF-8"] = new(() => IngestRequests.Bytes([.. "{\"title\":\""u8, 0xC3, 0x28, .. "\"}"u8]), BadRequest, "$", "UTF-8"),

            // Types.
            ["status is a number"] = Edit(b => b.Set("status", 1), "status", "Must be a string"),
            ["required status sent as null"] = Edit(b => b.Set("status", null), "status", "Missing required property"),
            ["required task link sent as null"] = Edit(b => b.Set("task_list[1].links", null), "task_list[1].links", "Missing required property"),
            ["links is a string"] = Edit(b => b.Set("links", "https://erp.example.com"), "links", "Must be a JSON object"),
            ["task_list is an object"] = Edit(b => b.Set("task_list", new JsonObject()), "task_list", "Must be a JSON array"),
            ["task is a string"] = Edit(b => b.Set("task_list[1]", "t2"), "task_list[1]", "Must be a JSON object"),
            ["is_default is the string true"] = Edit(b => b.Set("i18n_resources[0].is_default", "true"), "i18n_resources[0].is_default", "true or false"),
            ["extra is an object, not a string"] = Edit(b => b.Set("task_list[0].extra", new JsonObject { ["complete_reason"] = "approved" }), "task_list[0].extra", "Must be a string"),
            ["extra string is not a JSON object"] = Edit(b => b.Set("extra", "PO-2026-0002"), "extra", "holding a JSON object"),
            ["extra string holds an array"] = Edit(b => b.Set("cc_list[0].extra", "[1]"), "cc_list[0].extra", "it holds an array"),

            // Times.
            ["update_time is a number"] = Edit(b => b.Set("update_time", 1700000000000), "update_time", "send it as a string: \"1700000000000\""),
            ["task update_time is a number"] = Edit(b => b.Set("task_list[0].update_time", 1700000360000), "task_list[0].update_time", "send it as a string"),
            ["create_time is a date"] = Edit(b => b.Set("task_list[0].create_time", "2023-11-14T22:13:20Z"), "task_list[0].create_time", "decimal digits"),
            ["start_time is negative"] = Edit(b => b.Set("start_time", "-1"), "start_time", "decimal digits"),
            ["start_time is in seconds"] = Edit(b => b.Set("start_time", "1700000000"), "start_time", "looks like seconds"),
            ["update_time is zero"] = Edit(b => b.Set("update_time", "0"), "update_time", "between 2000-01-01 and 2100-01-01"),
            ["cc create_time is past 2100"] = Edit(b => b.Set("cc_list[1].create_time", "4102444800000"), "cc_list[1].create_time", "2100-01-01"),

            // Enums.
            ["status in lower case"] = Edit(b => b.Set("status", "pending"), "status", "Must be one of PENDING, APPROVED"),
            ["task status unknown"] = Edit(b => b.Set("task_list[1].status", "WAITING"), "task_list[1].status", "TRANSFERRED"),
            ["read_status unknown"] = Edit(b => b.Set("cc_list[0].read_status", "SEEN"), "cc_list[0].read_status", "READ, UNREAD"),
            ["display_method unknown"] = Edit(b => b.Set("display_method", "POPUP"), "display_method", "SIDEBAR"),
            ["update_mode unknown"] = Edit(b => b.Set("update_mode", "MERGE"), "update_mode", "REPLACE, UPDATE"),
            ["locale unknown"] = Edit(b => b.Set("i18n_resources[1].locale", "en-GB"), "i18n_resources[1].locale", "en-US"),
            ["generate_type unknown"] = Edit(b => b.Set("task_list[0].generate_type", "AUTO"), "task_list[0].generate_type", "EXTERNAL_CONSIGN"),
            ["generate_type empty"] = Edit(b => b.Set("task_list[0].generate_type", string.Empty), "task_list[0].generate_type", "omit the property"),

            // Sizes.
            ["301 tasks"] = Edit(b => b.WithTasks(301), "task_list", "at most 300"),
            ["201 CCs"] = Edit(b => b.WithCcs(201), "cc_list", "at most 200"),
            ["form over 2048 characters"] = Edit(b => b.Set("form[1].value", new string('x', 2048)), "form", "at most 2048"),
            ["approval_code over 128 characters"] = Edit(b => b.Set("approval_code", new string('A', 129)), "approval_code", "at most 128"),

            // Ids.
            ["task id equals instance id"] = Edit(b => b.Set("task_list[0].task_id", "PO-2026-0002"), "task_list[0].task_id", "already used at $.instance_id"),
            ["CC id equals a task id"] = Edit(b => b.Set("cc_list[1].cc_id", "PO-2026-0002-t2"), "cc_list[1].cc_id", "already used at $.task_list[1].task_id"),
            ["two tasks share an id"] = Edit(b => b.Set("task_list[1].task_id", "PO-2026-0002-t1"), "task_list[1].task_id", "already used at $.task_list[0].task_id"),
            ["instance id is empty"] = Edit(b => b.Set("instance_id", string.Empty), "instance_id", "empty"),
            ["instance id has a line break"] = Edit(b => b.Set("instance_id", "PO-1\nPO-2"), "instance_id", "control characters"),
            ["task id has a NUL"] = Edit(b => b.Set("task_list[0].task_id", "t\u00001"), "task_list[0].task_id", "control characters"),
            ["instance id of 721 bytes"] = Edit(b => b.Set("instance_id", new string('x', 721)), "instance_id", "at most 720 bytes of UTF-8; it has 721"),
            ["instance id of 241 Chinese characters (723 bytes)"] = Edit(b => b.Set("instance_id", new string('审', 241)), "instance_id", "it has 723"),

            // Strings that are not Unicode text.
            ["unpaired surrogate in the title"] = WithSurrogate(b => b.Set("title", Marker), "$.title"),
            ["unpaired surrogate in a CC's extra"] = WithSurrogate(b => b.Set("cc_list[1].extra", Marker), "$.cc_list[1].extra"),
            ["unpaired surrogate in a property name"] = WithSurrogate(b => b.Set("links." + Marker, "x"), "$.links"),
            ["unpaired surrogate in a batch envelope property name"] = new(() => IngestRequests.Raw(InstanceBodies.BatchEnvelope(InstanceBodies.Minimal()).Set(Marker, 1).ToJsonString().Replace(Marker, "\\udc00", StringComparison.Ordinal)), BadRequest, "$", "unpaired surrogate", Batch: true),

            // Users.
            ["instance without initiator"] = Edit(b => b.Without("user_id").Without("open_id"), "user_id", "user_id or open_id"),
            ["task without approver"] = Edit(b => b.Without("task_list[1].user_id"), "task_list[1].user_id", "user_id or open_id"),
            ["CC without recipient"] = Edit(b => b.Without("cc_list[1].open_id"), "cc_list[1].user_id", "user_id or open_id"),

            // Texts.
            ["undefined i18n key in a task title"] = Edit(b => b.Set("task_list[0].title", "@i18n@missing"), "task_list[0].title", "\"@i18n@missing\" is not defined"),
            ["i18n key defined only in a non-default locale"] = Edit(b => b.Without("i18n_resources[0].texts[9]"), "cc_list[0].title", "not defined in the default locale"),
            ["no default locale"] = Edit(b => b.Set("i18n_resources[0].is_default", false), "i18n_resources", "none does"),
            ["two default locales"] = Edit(b => b.Set("i18n_resources[1].is_default", true), "i18n_resources", "2 do"),
            ["no i18n resources"] = Edit(b => b.Set("i18n_resources", new JsonArray()), "i18n_resources", "at least one"),
            ["the same locale twice"] = Edit(b => b.Set("i18n_resources[1].locale", "zh-CN"), "i18n_resources[1].locale", "already given"),
            ["a text key twice in a locale"] = Edit(b => b.Set("i18n_resources[0].texts[1].key", "@i18n@title"), "i18n_resources[0].texts[1].key", "defined twice"),

            // Unknown properties.
            ["unknown instance property"] = Edit(b => b.Set("approvalCode", "X"), "approvalCode", "Unknown property"),
            ["unknown task property"] = Edit(b => b.Set("task_list[0].assignee", "u-1"), "task_list[0].assignee", "Unknown property"),
            ["unknown property with a space in its name"] = new(() => IngestRequests.Json(InstanceBodies.Minimal().Set("approval code", "X")), BadRequest, "$['approval code']", "Unknown property"),
            ["form item is a string"] = Edit(b => b.Set("form[0]", "Amount: 12,500"), "form[0]", "Must be a JSON object"),
            ["unknown links property"] = Edit(b => b.Set("links.ios_link", "x"), "links.ios_link", "Unknown property"),
            ["property sent twice"] = new(() => IngestRequests.Raw(InstanceBodies.Minimal().ToJsonString().Replace("\"status\":\"PENDING\"", "\"status\":\"PENDING\",\"status\":\"APPROVED\"", StringComparison.Ordinal)), BadRequest, "$.status", "more than once"),

            // Size of the body.
            ["oversize body with Content-Length"] = new(() => IngestRequests.Json(InstanceBodies.Full().Set("title", new string('x', 600_000))), TooLarge, "Content-Length"),
            ["oversize body without Content-Length"] = new(() => IngestRequests.Raw(InstanceBodies.Full().Set("title", new string('x', 600_000)).ToJsonString(), declareLength: false), TooLarge, "$"),
            ["Content-Length understates an oversize body"] = new(() => IngestRequests.Stream(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', 5000))), contentLength: 10), TooLarge, "$", Reader: () => IngestRequests.Reader(new IngestOptions { MaxBodyBytes = 4096 })),

            // Content type.
            ["content type text/plain"] = new(() => IngestRequests.Raw("{}", contentType: "text/plain"), Unsupported, "Content-Type"),
            ["no content type"] = new(() => IngestRequests.Raw("{}", contentType: null), Unsupported, "Content-Type", "missing"),
            ["charset other than UTF-8"] = new(() => IngestRequests.Raw("{}", contentType: "application/json; charset=iso-8859-1"), Unsupported, "Content-Type", "iso-8859-1"),
            ["content type checked before size"] = new(() => IngestRequests.Raw(new string('x', 600_000), contentType: "application/xml"), Unsupported, "Content-Type"),

            // Signatures (the reader has SecretA configured).
            ["no signature headers"] = Signed(() => IngestRequests.Json(InstanceBodies.Minimal()), WebhookSignatureVerifier.IdHeader, "missing"),
            ["no webhook-signature header"] = Signed(() => Without(IngestRequests.Signed(InstanceBodies.Minimal(), IngestRequests.SecretA), WebhookSignatureVerifier.SignatureHeader), WebhookSignatureVerifier.SignatureHeader, "missing"),
            ["no webhook-timestamp header"] = Signed(() => Without(IngestRequests.Signed(InstanceBodies.Minimal(), IngestRequests.SecretA), WebhookSignatureVerifier.TimestampHeader), WebhookSignatureVerifier.TimestampHeader, "missing"),
            ["stale signature"] = Signed(() => IngestRequests.Signed(InstanceBodies.Minimal(), IngestRequests.SecretA, IngestRequests.Now.AddMinutes(-6)), WebhookSignatureVerifier.TimestampHeader, "too old"),
            ["signature from the future"] = Signed(() => IngestRequests.Signed(InstanceBodies.Minimal(), IngestRequests.SecretA, IngestRequests.Now.AddMinutes(6)), WebhookSignatureVerifier.TimestampHeader, "too new"),
            ["timestamp in milliseconds text"] = Signed(() => With(IngestRequests.Signed(InstanceBodies.Minimal(), IngestRequests.SecretA), WebhookSignatureVerifier.TimestampHeader, "2026-11-25T12:00:00Z"), WebhookSignatureVerifier.TimestampHeader, "Unix seconds"),
            ["malformed signature"] = Signed(() => With(IngestRequests.Signed(InstanceBodies.Minimal(), IngestRequests.SecretA), WebhookSignatureVerifier.SignatureHeader, "sha256=abc"), WebhookSignatureVerifier.SignatureHeader, "no 'v1,<base64>'"),
            ["signature by an unknown secret"] = Signed(() => IngestRequests.Signed(InstanceBodies.Minimal(), IngestRequests.UnknownSecret), WebhookSignatureVerifier.SignatureHeader, "No signature"),
            ["signed body changed afterwards"] = Signed(() => Tampered(IngestRequests.Signed(InstanceBodies.Minimal(), IngestRequests.SecretA)), WebhookSignatureVerifier.SignatureHeader, "No signature"),
            ["signature for another message id"] = Signed(() => With(IngestRequests.Signed(InstanceBodies.Minimal(), IngestRequests.SecretA), WebhookSignatureVerifier.IdHeader, "msg_other"), WebhookSignatureVerifier.SignatureHeader, "No signature"),
            ["unsigned invalid JSON is unauthorized, not bad"] = Signed(() => IngestRequests.Raw("{"), WebhookSignatureVerifier.SignatureHeader, "missing"),

            // Batches.
            ["batch of 101"] = BatchCase(() => InstanceBodies.BatchEnvelope(Enumerable.Range(1, 101).Select(i => (JsonNode)InstanceBodies.Minimal($"PO-{i}")).ToArray()), "$.instances", "1 to 100"),
            ["empty batch"] = BatchCase(() => InstanceBodies.BatchEnvelope(), "$.instances", "it holds 0"),
            ["batch instances not an array"] = BatchCase(() => new JsonObject { ["instances"] = InstanceBodies.Minimal() }, "$.instances", "Must be a JSON array"),
            ["batch without instances"] = BatchCase(() => new JsonObject { ["items"] = InstanceBodies.Batch(InstanceBodies.Minimal()) }, "$.instances", "Missing required property"),
            ["batch body is a bare array"] = BatchCase(() => InstanceBodies.Batch(InstanceBodies.Minimal()), "$", "Must be a JSON object"),
            ["batch with an unknown envelope property"] = BatchCase(() => InstanceBodies.BatchEnvelope(InstanceBodies.Minimal()).Set("mode", "UPDATE"), "$.mode", "Unknown property"),
            ["batch of invalid JSON"] = new(() => IngestRequests.Raw("{\"instances\": [}"), BadRequest, "$", "not valid JSON", Batch: true),
            ["batch without content type"] = new(() => IngestRequests.Raw("{}", contentType: null), Unsupported, "Content-Type", Batch: true),
            ["batch over its size limit"] = new(() => IngestRequests.Json(InstanceBodies.BatchEnvelope(InstanceBodies.Minimal().Set("title", new string('x', 5000)))), TooLarge, "Content-Length", Batch: true, Reader: () => IngestRequests.Reader(new IngestOptions { MaxBatchBodyBytes = 4096 })),
            ["unsigned batch"] = new(() => IngestRequests.Json(InstanceBodies.BatchEnvelope(InstanceBodies.Minimal())), Unauthorized, WebhookSignatureVerifier.IdHeader, Batch: true, Reader: () => IngestRequests.SignedReader(IngestRequests.SecretA)),
        };

        foreach (var path in RequiredPaths)
        {
            cases[$"missing {path}"] = Edit(b => b.Without(path), path, "Missing required property");
        }

        return cases;
    }

    private static Case Edit(Func<JsonObject, JsonObject> edit, string path, string message) =>
        new(() => IngestRequests.Json(edit(InstanceBodies.Full())), BadRequest, "$." + path, message);

    private static Case WithSurrogate(Func<JsonObject, JsonObject> edit, string path) =>
        new(() => IngestRequests.Raw(edit(InstanceBodies.Full()).ToJsonString().Replace(Marker, "bad\\ud800", StringComparison.Ordinal)), BadRequest, path, "unpaired surrogate");

    private static Case Signed(Func<HttpRequest> request, string header, string message) =>
        new(request, Unauthorized, header, message, Reader: () => IngestRequests.SignedReader(IngestRequests.SecretA));

    private static Case BatchCase(Func<JsonNode> body, string path, string message) =>
        new(() => IngestRequests.Json(body()), BadRequest, path, message, Batch: true);

    private static HttpRequest Without(HttpRequest request, string header)
    {
        request.Headers.Remove(header);
        return request;
    }

    private static HttpRequest With(HttpRequest request, string header, string value)
    {
        request.Headers[header] = value;
        return request;
    }

    private static HttpRequest Tampered(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var tampered = Encoding.UTF8.GetBytes(reader.ReadToEnd().Replace("PENDING", "APPROVED", StringComparison.Ordinal));
        request.Body = new MemoryStream(tampered);
        request.ContentLength = tampered.Length;
        return request;
    }

    /// <param name="Request">Builds a fresh request (its body stream is read once).</param>
    /// <param name="Reader">The reader to use; default options and no signature check when null.</param>
    private sealed record Case(
        Func<HttpRequest> Request,
        int Status,
        string Path,
        string? MessageContains = null,
        bool Batch = false,
        Func<HttpIngestReader>? Reader = null);
}
