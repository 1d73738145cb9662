using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using ApprovalFunctions.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ApprovalFunctions.IntegrationTests.EndToEnd.SourceInstances;

namespace ApprovalFunctions.IntegrationTests.EndToEnd;

/// <summary>An ingest-only stack (nothing drains the queue) that records its log lines, with a 1 MiB body cap and a 2 s body deadline.</summary>
public sealed class DoorStack : AppStack
{
    public LogRecorder Logs { get; } = new();

    protected override AppStackOptions CreateOptions() => new()
    {
        Functions = HostFunctions.IngestOnly,
        Settings = new Dictionary<string, string?>
        {
            ["Ingest__MaxBodyBytes"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ingest__BodyReadTimeout"] = "00:00:02",
        },
        ConfigureServices = services =>
        {
            Logs.AddTo(services);
            services.AddLogging(logging => logging.AddFilter<LogRecorder>(null, LogLevel.Information));
        },
    };
}

/// <summary>
/// What cannot be delivered is refused at the door, over real HTTP and Azurite: each bad input gets its 4xx naming the
/// field, with no row of the instance stored (or, for a change to a known instance, its desired state unchanged) and no
/// nudge queued; and a refusal is never a 5xx.
/// </summary>
public sealed class DoorEndToEndTests(DoorStack stack) : IClassFixture<DoorStack>
{
    /// <summary>Ids around every length where the key encoding changes, up to the 720 bytes the README promises.</summary>
    public static TheoryData<string, int> AcceptedIdLengths => new()
    {
        { "ascii-353", 353 },
        { "ascii-354", 354 },
        { "no-readable-383", 383 },
        { "ascii-720", 720 },
        { "chinese-720", 720 },
        { "emoji-720", 720 },
    };

    [Theory]
    [MemberData(nameof(AcceptedIdLengths))]
    public async Task Instance_ids_up_to_720_bytes_are_stored_and_diagnosed_at_every_key_boundary(string shape, int bytes)
    {
        var id = IdOf(shape, bytes);
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(id));
        var queued = await stack.QueuedNudgesAsync();

        Assert.Equal("queued", await stack.PostAcceptedAsync(Instance(id, 1_000, tasks: List(TaskItem("door-t1", 1_000)))));
        Assert.Equal("queued", await stack.PostAcceptedAsync(Instance(id, 2_000, "UPDATE", tasks: List(TaskItem("door-t2", 2_000)))));

        Assert.True(await stack.HasInstanceRowsAsync(id));
        Assert.Equal(queued + 2, await stack.QueuedNudgesAsync());
        using var diagnosis = await stack.Client.GetAsync(new Uri($"api/ops/instances/{Uri.EscapeDataString(id)}", UriKind.Relative));
        var text = await diagnosis.Content.ReadAsStringAsync();
        Assert.True(diagnosis.StatusCode == HttpStatusCode.OK, $"diagnose answered {(int)diagnosis.StatusCode}: {text}");
        Assert.Equal(id, JsonNode.Parse(text)!["instance_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_instance_id_of_721_bytes_gets_400_at_its_path_and_nothing_is_stored()
    {
        var id = IdOf("ascii-721", 721);
        var queued = await stack.QueuedNudgesAsync();

        using var response = await stack.PostInstanceAsync(Instance(id, 1_000));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);

        Assert.Equal("$.instance_id", problem["path"]!.GetValue<string>());
        Assert.Contains("at most 720 bytes", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertNothingStoredAsync(id, queued);
        using var diagnosis = await stack.Client.GetAsync(new Uri($"api/ops/instances/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, diagnosis.StatusCode);
        Assert.Equal("instanceId", JsonNode.Parse(await diagnosis.Content.ReadAsStringAsync())!["problems"]![0]!["path"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("title", "$.title")]
    [InlineData("task title", "$.task_list[0].title")]
    [InlineData("form value", "$.form[0].value")]
    [InlineData("property name", "$.task_list[0]")]
    public async Task An_unpaired_surrogate_gets_400_at_its_path_and_nothing_is_stored(string where, string path)
    {
        var id = IdOf("surrogate-" + where.Replace(' ', '-'), 40);
        var queued = await stack.QueuedNudgesAsync();

        using var response = await PostRawAsync("api/instances", WithUnpairedSurrogate(id, where));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);

        Assert.Equal(path, problem["path"]!.GetValue<string>());
        Assert.Contains("unpaired surrogate", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertNothingStoredAsync(id, queued);
    }

    [Fact]
    public async Task An_unpaired_surrogate_fails_only_its_batch_item()
    {
        var ids = Enumerable.Range(0, 3).Select(i => IdOf($"surrogate-batch-{i}", 30)).ToList();
        var queued = await stack.QueuedNudgesAsync();
        var items = ids.Select((id, i) => i == 1 ? WithUnpairedSurrogate(id, "task title") : Instance(id, 1_000, tasks: List(TaskItem($"sb-t{i}", 1_000))).ToJsonString());

        using var response = await PostRawAsync("api/instances/batch", $"{{\"instances\":[{string.Join(',', items)}]}}");
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"batch answered {(int)response.StatusCode}: {text}");
        var results = JsonNode.Parse(text)!["results"]!.AsArray();
        Assert.Equal([202, 400, 202], results.Select(r => r!["status"]!.GetValue<int>()));
        Assert.Equal("$.instances[1].task_list[0].title", results[1]!["problems"]![0]!["path"]!.GetValue<string>());
        Assert.Equal(("about:blank", "Bad Request"), (results[1]!["type"]!.GetValue<string>(), results[1]!["title"]!.GetValue<string>()));
        Assert.True(await stack.HasInstanceRowsAsync(ids[0]));
        Assert.False(await stack.HasInstanceRowsAsync(ids[1]));
        Assert.True(await stack.HasInstanceRowsAsync(ids[2]));
        Assert.Equal(queued + 2, await stack.QueuedNudgesAsync());
    }

    [Fact]
    public async Task An_update_that_grows_the_instance_past_300_tasks_gets_422_and_the_earlier_changes_stay()
    {
        var id = IdOf("tasks-limit", 30);
        await stack.PostAcceptedAsync(Instance(id, 1_000, tasks: new JsonArray([.. Enumerable.Range(0, 250).Select(i => (JsonNode)TaskItem($"{id}-a{i}", 1_000))])));
        var (version, queued) = (await DesiredVersionAsync(id), await stack.QueuedNudgesAsync());

        using var response = await stack.PostInstanceAsync(Instance(id, 2_000, "UPDATE", tasks: new JsonArray([.. Enumerable.Range(0, 51).Select(i => (JsonNode)TaskItem($"{id}-b{i}", 2_000))])));
        var problem = await ProblemAsync(response, (HttpStatusCode)422);

        Assert.Equal("$.task_list", problem["path"]!.GetValue<string>());
        Assert.Contains("301 tasks", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("at most 300", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(version, await DesiredVersionAsync(id));
        Assert.Equal(queued, await stack.QueuedNudgesAsync());
    }

    [Fact]
    public async Task An_update_that_grows_the_instance_past_200_CCs_gets_422()
    {
        var id = IdOf("ccs-limit", 30);
        await stack.PostAcceptedAsync(Instance(id, 1_000, ccs: new JsonArray([.. Enumerable.Range(0, 150).Select(i => (JsonNode)Cc($"{id}-a{i}", 1_000))])));
        var (version, queued) = (await DesiredVersionAsync(id), await stack.QueuedNudgesAsync());

        using var response = await stack.PostInstanceAsync(Instance(id, 2_000, "UPDATE", ccs: new JsonArray([.. Enumerable.Range(0, 51).Select(i => (JsonNode)Cc($"{id}-b{i}", 2_000))])));
        var problem = await ProblemAsync(response, (HttpStatusCode)422);

        Assert.Equal("$.cc_list", problem["path"]!.GetValue<string>());
        Assert.Contains("201 CCs", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(version, await DesiredVersionAsync(id));
        Assert.Equal(queued, await stack.QueuedNudgesAsync());
    }

    [Fact]
    public async Task An_update_that_makes_the_stored_state_larger_than_one_entity_gets_422()
    {
        // Random Base64 compresses to about 3/4 of its length: 300 tasks with 2,000 random bytes each store ~0.6 MB, and
        // 200 CCs with 3,000 each, which alone would store ~0.6 MB too, would make it ~1.2 MB: each body fits, the merge does not.
        var random = new Random(10);
        string Extra(int bytes) => $"{{\"blob\":\"{Convert.ToBase64String([.. Enumerable.Range(0, bytes).Select(_ => (byte)random.Next(256))])}\"}}";
        var id = IdOf("size-limit", 30);
        var tasks = Enumerable.Range(0, 300).Select(i => (JsonNode)TaskItem($"{id}-t{i}", 1_000).Set("extra", Extra(2_000)));
        await stack.PostAcceptedAsync(Instance(id, 1_000, tasks: new JsonArray([.. tasks])));
        var (version, queued) = (await DesiredVersionAsync(id), await stack.QueuedNudgesAsync());

        var ccs = Enumerable.Range(0, 200).Select(i => (JsonNode)Cc($"{id}-c{i}", 2_000).Set("extra", Extra(3_000)));
        using var response = await stack.PostInstanceAsync(Instance(id, 2_000, "UPDATE", ccs: new JsonArray([.. ccs])));
        var problem = await ProblemAsync(response, (HttpStatusCode)422);

        Assert.Equal("$", problem["path"]!.GetValue<string>());
        Assert.Contains("one table entity holds at most 983040", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(version, await DesiredVersionAsync(id));
        Assert.Equal(queued, await stack.QueuedNudgesAsync());
    }

    [Fact]
    public async Task A_body_that_arrives_too_slowly_gets_408_with_one_information_line()
    {
        var id = IdOf("slow-body", 30);
        var queued = await stack.QueuedNudgesAsync();
        var linesBefore = stack.Logs.Lines.Count;

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, stack.Host.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(RequestHead(1_000) + $"{{\"instance_id\":\"{id}\","));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.StartsWith("HTTP/1.1 408", statusLine, StringComparison.Ordinal);

        // Whatever the server does with the rest of the connection (draining the body) must not log an error either.
        await Task.Delay(500);
        var logged = stack.Logs.Lines.Skip(linesBefore).ToList();
        Assert.Single(logged, l => l.Level == LogLevel.Information && l.Message.Contains("rejected with 408", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, l => IsOwnWarning(l));
        await AssertNothingStoredAsync(id, queued);
    }

    [Fact]
    public async Task A_body_that_breaks_off_gets_400_with_one_information_line_and_no_error()
    {
        var id = IdOf("aborted-body", 30);
        var queued = await stack.QueuedNudgesAsync();
        var linesBefore = stack.Logs.Lines.Count;

        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, stack.Host.BaseAddress.Port);
            await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(RequestHead(1_000) + $"{{\"instance_id\":\"{id}\","));
            await Task.Delay(200);
        }

        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (!stack.Logs.Lines.Skip(linesBefore).Any(l => l.Message.Contains("Ingest request rejected with 400", StringComparison.Ordinal)))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "No line about the broken-off body: " + string.Join(" | ", stack.Logs.Lines.Skip(linesBefore)));
            await Task.Delay(50);
        }

        await Task.Delay(300);
        var logged = stack.Logs.Lines.Skip(linesBefore).ToList();
        Assert.Single(logged, l => l.Message.Contains("Ingest request rejected", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, l => IsOwnWarning(l) || l.Exception is not null);
        await AssertNothingStoredAsync(id, queued);
    }

    [Fact]
    public async Task Operator_routes_answer_400_for_ids_no_instance_can_have_and_log_them_on_one_line()
    {
        var tooLong = new string('x', 2_000);
        var forged = "door-op\r\nOperator audit: forged line";
        var linesBefore = stack.Logs.Lines.Count;

        foreach (var (method, path, field) in new[]
        {
            ("GET", $"api/ops/instances/{tooLong}", "instanceId"),
            ("GET", $"api/ops/instances/{Uri.EscapeDataString(forged)}", "instanceId"),
            ("POST", $"api/ops/instances/{tooLong}/resync", "instanceId"),
            ("GET", $"api/ops/users/{tooLong}/tasks?topic=1", "userId"),
            ("GET", $"api/ops/users/ou_x/tasks?topic=1&instance_ids={tooLong}", "instance_ids"),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
            using var response = await stack.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path[..Math.Min(60, path.Length)]}… answered {(int)response.StatusCode}: {text}");
            Assert.Equal(field, JsonNode.Parse(text)!["problems"]![0]!["path"]!.GetValue<string>());
        }

        using var replay = await PostRawAsync("api/ops/parked/replay", $"{{\"instance_ids\":[\"{tooLong}\"]}}");
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("$.instance_ids[0]", JsonNode.Parse(await replay.Content.ReadAsStringAsync())!["problems"]![0]!["path"]!.GetValue<string>());

        var audit = stack.Logs.Lines.Skip(linesBefore).Where(l => l.Message.StartsWith("Operator audit:", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, audit.Count);
        Assert.All(audit, l => Assert.DoesNotContain('\n', l.Message));
        Assert.All(audit, l => Assert.DoesNotContain('\r', l.Message));
        Assert.Contains(audit, l => l.Message.Contains("door-op\\u000D\\u000AOperator audit: forged line", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_property_name_with_a_line_break_is_logged_escaped()
    {
        var id = IdOf("newline-property", 30);
        var linesBefore = stack.Logs.Lines.Count;

        using var response = await stack.PostInstanceAsync(Instance(id, 1_000).Set("forged\nline", "x"));

        await ProblemAsync(response, HttpStatusCode.BadRequest);
        var line = Assert.Single(stack.Logs.Lines.Skip(linesBefore), l => l.Message.Contains("Ingest request rejected", StringComparison.Ordinal));
        Assert.Contains("forged\\u000Aline", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line.Message);
    }

    [Fact]
    public async Task Answers_keep_Chinese_text_readable()
    {
        var id = "审批-门口-" + IdOf("chinese", 20);

        using var accepted = await stack.PostInstanceAsync(Instance(id, 1_000));
        var text = await accepted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Contains($"\"instance_id\":\"{id}\"", text, StringComparison.Ordinal);
        using var refused = await stack.PostInstanceAsync(Instance(id + "-b", 1_000, tasks: List(TaskItem(id + "-b", 1_000))));
        var error = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains($"{id}-b", error, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u5BA1", error, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A warning of this stack. Azure SDK events reach every host through one process-wide EventSource, so other
    /// stacks' "Response took 5 s" lines under load show up here too and say nothing about this request.
    /// </summary>
    private static bool IsOwnWarning(LogRecorder.LogLine line) =>
        line.Level >= LogLevel.Warning && !line.Category.StartsWith("Azure.", StringComparison.Ordinal);

    /// <summary>A unique id of exactly <paramref name="bytes"/> bytes of UTF-8 in the shape the name says.</summary>
    private static string IdOf(string shape, int bytes)
    {
        var prefix = $"door-{shape}-";
        string Fill(string unit) => string.Concat(Enumerable.Repeat(unit, (bytes - prefix.Length) / Encoding.UTF8.GetByteCount(unit)));
        var id = shape switch
        {
            "chinese-720" => prefix + Fill("审"),
            "emoji-720" => prefix + Fill("👍"),
            "no-readable-383" => new string('#', bytes),
            _ => prefix + Fill("x"),
        };
        return id + new string('x', bytes - Encoding.UTF8.GetByteCount(id));
    }

    /// <summary>A valid body whose text at <paramref name="where"/> holds an escaped unpaired surrogate (JSON nodes cannot hold one).</summary>
    private static string WithUnpairedSurrogate(string id, string where)
    {
        const string Marker = "SURROGATE-MARKER";
        var body = Instance(id, 1_000, tasks: List(TaskItem(id + "-t1", 1_000))).Set("form", new JsonArray(new JsonObject { ["name"] = "note", ["value"] = "x" }));
        switch (where)
        {
            case "title":
                body["title"] = Marker;
                break;
            case "task title":
                body["task_list"]![0]!["title"] = Marker;
                break;
            case "form value":
                body["form"]![0]!["value"] = Marker;
                break;
            default:
                body["task_list"]![0]![Marker] = "x";
                break;
        }

        return body.ToJsonString().Replace(Marker, "bad\\ud800text", StringComparison.Ordinal);
    }

    private static string RequestHead(int contentLength) =>
        $"POST /api/instances HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {contentLength}\r\n\r\n";

    private async Task<HttpResponseMessage> PostRawAsync(string path, string json) =>
        await stack.Client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");

        // Every error of ours is RFC 9457 problem details, with the problems by path as an extension member.
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!;
        Assert.Equal(("about:blank", (int)expected), (body["type"]!.GetValue<string>(), body["status"]!.GetValue<int>()));
        Assert.False(string.IsNullOrEmpty(body["title"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(body["detail"]!.GetValue<string>()));
        Assert.StartsWith("/api/instances", body["instance"]!.GetValue<string>(), StringComparison.Ordinal);
        return body["problems"]![0]!;
    }

    private async Task<long> DesiredVersionAsync(string id) => (await stack.Store.LoadAsync(id, CancellationToken.None)).Desired!.Document.DesiredVersion;

    private async Task AssertNothingStoredAsync(string id, int queuedBefore)
    {
        Assert.False(await stack.HasInstanceRowsAsync(id), $"the instances table holds a row of {id}");
        Assert.Equal(queuedBefore, await stack.QueuedNudgesAsync());
    }
}
