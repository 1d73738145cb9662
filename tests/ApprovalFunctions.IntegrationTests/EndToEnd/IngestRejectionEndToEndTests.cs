using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using static ApprovalFunctions.IntegrationTests.EndToEnd.SourceInstances;

namespace ApprovalFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// An ingest-only stack (nothing drains the queue, so an empty queue proves nothing was queued) with a webhook secret
/// and a function key, as a production app with signatures on.
/// </summary>
public sealed class SignedIngestStack : AppStack
{
    public const string FunctionKey = "e2e-function-key";
    public const int MaxBodyBytes = 256 * 1024;

    public static readonly string Secret = SignedRequests.Secret(0x5A);

    protected override AppStackOptions CreateOptions() => new()
    {
        Functions = HostFunctions.IngestOnly,
        Settings = new Dictionary<string, string?>
        {
            ["Ingest__WebhookSecrets"] = Secret,
            ["Ingest__MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LocalHost__FunctionKey"] = FunctionKey,
        },
    };
}

/// <summary>Bad requests over real HTTP: the right 4xx each, and nothing stored or queued.</summary>
public sealed class IngestRejectionEndToEndTests(SignedIngestStack stack) : IClassFixture<SignedIngestStack>
{
    private static readonly Dictionary<string, BadRequest> Cases = BuildCases();

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Fact]
    public void The_table_holds_at_least_thirty_bad_requests() => Assert.True(Cases.Count >= 30, $"Only {Cases.Count} cases.");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_request_gets_its_status_and_nothing_is_stored_or_queued(string name)
    {
        var bad = Cases[name];
        var id = IdOf(name);
        var queuedBefore = await stack.QueuedNudgesAsync();

        using var request = bad.Build(id);
        request.Headers.Add("x-functions-key", SignedIngestStack.FunctionKey);
        using var response = await stack.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(bad.Status == (int)response.StatusCode, $"{name}: expected {bad.Status}, got {(int)response.StatusCode}: {text}");
        Assert.False(await stack.HasInstanceRowsAsync(id), $"{name}: the instances table holds a row of {id}");
        Assert.Equal(queuedBefore, await stack.QueuedNudgesAsync());
    }

    [Fact]
    public async Task Function_key_is_required_when_keys_are_on()
    {
        const string id = "e2e-keyed";
        var body = Encoding.UTF8.GetBytes(Instance(id, 1_000).ToJsonString());

        using var withoutKey = Signed(body, DateTimeOffset.UtcNow);
        using var refused = await stack.Client.SendAsync(withoutKey);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.False(await stack.HasInstanceRowsAsync(id));

        var queuedBefore = await stack.QueuedNudgesAsync();
        using var withKey = Signed(body, DateTimeOffset.UtcNow);
        withKey.Headers.Add("x-functions-key", SignedIngestStack.FunctionKey);
        using var accepted = await stack.Client.SendAsync(withKey);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.True(await stack.HasInstanceRowsAsync(id));
        Assert.Equal(queuedBefore + 1, await stack.QueuedNudgesAsync());
    }

    private static string IdOf(string caseName) =>
        "e2e-bad-" + new string([.. caseName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);

    private static HttpRequestMessage Signed(byte[] body, DateTimeOffset sentAt, string? contentType = "application/json", string? secret = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/instances", UriKind.Relative)) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        SignedRequests.Sign(request, body, secret ?? SignedIngestStack.Secret, sentAt);
        return request;
    }

    private static Dictionary<string, BadRequest> BuildCases()
    {
        const int Invalid = 400;
        var cases = new Dictionary<string, BadRequest>
        {
            // The body as a whole.
            ["invalid JSON"] = Raw(id => $"{{\"instance_id\": \"{id}\", \"status\": }}", Invalid),
            ["body is an array"] = Raw(id => $"[{{\"instance_id\": \"{id}\"}}]", Invalid),
            ["body is empty"] = Raw(_ => string.Empty, Invalid),
            ["body is not UTF-8"] = new(id => Signed([.. Encoding.UTF8.GetBytes($"{{\"instance_id\":\"{id}\",\"title\":\""), 0xC3, 0x28, .. "\"}"u8], DateTimeOffset.UtcNow), Invalid),

            // Types, and numbers where strings belong.
            ["status is a number"] = Edit(b => b["status"] = 1),
            ["links is a string"] = Edit(b => b["links"] = "https://erp.example.com"),
            ["task_list is an object"] = Edit(b => b["task_list"] = new JsonObject()),
            ["task is a string"] = Edit(b => b["task_list"] = new JsonArray("t1")),
            ["is_default is a string"] = Edit(b => b["i18n_resources"]![0]!["is_default"] = "true"),
            ["update_time is a number"] = Edit(b => b["update_time"] = T0 + 1_000),
            ["task create_time is a number"] = Edit(b => b["task_list"]![0]!["create_time"] = T0),
            ["cc update_time is a number"] = Edit(b => b["cc_list"]![0]!["update_time"] = T0),
            ["start_time is a date"] = Edit(b => b["start_time"] = "2026-09-21T00:00:00Z"),
            ["end_time is negative"] = Edit(b => b["end_time"] = "-5"),
            ["update_time in seconds"] = Edit(b => b["update_time"] = "1790000000"),
            ["extra is not a JSON object string"] = Edit(b => b["extra"] = "PO-1"),

            // Missing required fields.
            ["approval_code missing"] = Edit(b => b.Remove("approval_code")),
            ["instance_id missing"] = Edit(b => b.Remove("instance_id")),
            ["status missing"] = Edit(b => b.Remove("status")),
            ["links missing"] = Edit(b => b.Remove("links")),
            ["pc_link missing"] = Edit(b => b["links"]!.AsObject().Remove("pc_link")),
            ["update_time missing"] = Edit(b => b.Remove("update_time")),
            ["i18n_resources missing"] = Edit(b => b.Remove("i18n_resources")),
            ["task_id missing"] = Edit(b => b["task_list"]![0]!.AsObject().Remove("task_id")),
            ["task without user_id and open_id"] = Edit(b => b["task_list"]![0]!.AsObject().Remove("user_id")),
            ["cc read_status missing"] = Edit(b => b["cc_list"]![0]!.AsObject().Remove("read_status")),

            // Enums.
            ["status unknown"] = Edit(b => b["status"] = "DONE"),
            ["task status unknown"] = Edit(b => b["task_list"]![0]!["status"] = "WAITING"),
            ["update_mode unknown"] = Edit(b => b["update_mode"] = "MERGE"),

            // Feishu's rules.
            ["301 tasks"] = Edit(b => b["task_list"] = new JsonArray([.. Enumerable.Range(0, 301).Select(i => (JsonNode)TaskItem($"many-{i}", 1_000))])),
            ["201 CCs"] = Edit(b => b["cc_list"] = new JsonArray([.. Enumerable.Range(0, 201).Select(i => (JsonNode)Cc($"many-{i}", 1_000))])),
            ["CC id equals a task id"] = Edit(b => b["cc_list"]![0]!["cc_id"] = "bad-t1"),
            ["task id equals the instance id"] = Edit(b => b["task_list"]![0]!["task_id"] = b["instance_id"]!.GetValue<string>()),
            ["undefined i18n key"] = Edit(b => b["title"] = "@i18n@never_defined"),
            ["no default locale"] = Edit(b => b["i18n_resources"]![0]!["is_default"] = false),
            ["form over 2048 characters"] = Edit(b => b["form"] = new JsonArray(new JsonObject { ["name"] = "note", ["value"] = new string('x', 2049) })),

            // Size, content type and signature.
            ["oversize body"] = new(id => Signed(Encoding.UTF8.GetBytes(Valid(id).Set("extra", $"{{\"pad\":\"{new string('x', SignedIngestStack.MaxBodyBytes)}\"}}").ToJsonString()), DateTimeOffset.UtcNow), 413),
            ["content type text/plain"] = new(id => Signed(Bytes(id), DateTimeOffset.UtcNow, "text/plain"), 415),
            ["content type missing"] = new(id => Signed(Bytes(id), DateTimeOffset.UtcNow, contentType: null), 415),
            ["content type form"] = new(id => Signed(Bytes(id), DateTimeOffset.UtcNow, "application/x-www-form-urlencoded"), 415),
            ["charset latin1"] = new(id => Signed(Bytes(id), DateTimeOffset.UtcNow, "application/json; charset=iso-8859-1"), 415),
            ["signature missing"] = new(id => Unsigned(Bytes(id)), 401),
            ["signature by an unknown secret"] = new(id => Signed(Bytes(id), DateTimeOffset.UtcNow, secret: SignedRequests.Secret(0x11)), 401),
            ["signature of another body"] = new(id => Tampered(id), 401),
            ["signature timestamp ten minutes old"] = new(id => Signed(Bytes(id), DateTimeOffset.UtcNow.AddMinutes(-10)), 401),
            ["signature timestamp ten minutes ahead"] = new(id => Signed(Bytes(id), DateTimeOffset.UtcNow.AddMinutes(10)), 401),
        };
        return cases;

        static BadRequest Edit(Action<JsonObject> edit) => new(id =>
        {
            var body = Valid(id);
            edit(body);
            return Signed(Encoding.UTF8.GetBytes(body.ToJsonString()), DateTimeOffset.UtcNow);
        }, Invalid);

        static BadRequest Raw(Func<string, string> body, int status) => new(id => Signed(Encoding.UTF8.GetBytes(body(id)), DateTimeOffset.UtcNow), status);

        static byte[] Bytes(string id) => Encoding.UTF8.GetBytes(Valid(id).ToJsonString());

        static HttpRequestMessage Unsigned(byte[] body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/instances", UriKind.Relative)) { Content = new ByteArrayContent(body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            return request;
        }

        static HttpRequestMessage Tampered(string id)
        {
            var request = Unsigned(Bytes(id));
            var other = Encoding.UTF8.GetBytes(Valid(id).Set("status", "APPROVED").ToJsonString());
            var signing = new HttpRequestMessage();
            SignedRequests.Sign(signing, other, SignedIngestStack.Secret, DateTimeOffset.UtcNow);
            foreach (var header in signing.Headers)
            {
                request.Headers.Add(header.Key, header.Value);
            }

            signing.Dispose();
            return request;
        }
    }

    /// <summary>A valid body with one task and one CC (ids "bad-t1", "bad-c1"): each case breaks one thing.</summary>
    private static JsonObject Valid(string id) => Instance(id, 1_000, tasks: List(TaskItem("bad-t1", 1_000)), ccs: List(Cc("bad-c1", 1_000)));

    private sealed record BadRequest(Func<string, HttpRequestMessage> Build, int Status);
}

internal static class JsonObjectEdits
{
    public static JsonObject Set(this JsonObject body, string name, JsonNode? value)
    {
        body[name] = value;
        return body;
    }
}
