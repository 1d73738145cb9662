using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalFunctions.Feishu.Json;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.FunctionApp.Functions.Ingest;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using ApprovalFunctions.LocalHost;
using FeishuEmulator;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.IntegrationTests.Operations;

/// <summary>The operator endpoints in the local host (HTTP on Kestrel, keys on, queue triggers running) against the emulator.</summary>
public sealed class OperatorHttpTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string FunctionKey = "function-key-for-operator-tests";
    private const string AdminKey = "admin-key-for-operator-tests";

    private static readonly (string Method, string Path)[] OperatorEndpoints =
    [
        ("GET", "api/ops/instances/some-instance"),
        ("GET", "api/ops/instances/some-instance?full=true"),
        ("POST", "api/ops/instances/some-instance/resync"),
        ("GET", "api/ops/users/ou_someone/tasks?topic=1"),
        ("POST", "api/ops/cleanup"),
        ("GET", "api/ops/cleanup/20260101000000-abcdef01"),
        ("GET", "api/ops/parked"),
        ("POST", "api/ops/parked/replay"),
        ("PUT", "api/ops/approval-definition"),
        ("GET", "api/ops/actions/overdue"),
        ("GET", "api/ops/overview"),
        ("GET", "api/ops/instances/some-instance/timeline"),
    ];

    [Fact]
    public async Task Every_operator_endpoint_refuses_a_caller_without_the_admin_key()
    {
        await using var emulator = await FeishuEmulatorServer.StartAsync(OperationsHarness.FastEmulator());
        await using var host = await StartHostAsync(emulator);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        foreach (var (method, path) in OperatorEndpoints)
        {
            foreach (var key in new string?[] { null, "wrong", FunctionKey })
            {
                using var refused = await SendAsync(client, method, path, key, "{\"all\":true}");
                Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with key {key ?? "none"} answered {(int)refused.StatusCode}");
            }

            using var admitted = await SendAsync(client, method, path, AdminKey, "{\"instance_ids\":[\"some-instance\"]}");
            Assert.True(admitted.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.NotFound or HttpStatusCode.InternalServerError) || await IsOperatorAnswerAsync(admitted),
                $"{method} {path} with the admin key answered {(int)admitted.StatusCode}");
        }

        // Every operator function is admin-level, and none uses the host's reserved "admin" route prefix (host.json has no route prefix).
        var http = host.Functions.Where(f => f.Trigger is HttpFunctionTrigger).Select(f => (f.Name, Trigger: (HttpFunctionTrigger)f.Trigger)).ToList();
        Assert.DoesNotContain(http, f => (f.Trigger.Route ?? f.Name).StartsWith("admin", StringComparison.OrdinalIgnoreCase));
        var operatorFunctions = http.Where(f => f.Trigger.Route?.StartsWith("api/ops/", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(OperatorEndpoints.Select(e => (e.Method, e.Path.Split('?')[0])).Distinct().Count(), operatorFunctions.Count);
        Assert.All(operatorFunctions, f => Assert.Equal(AuthorizationLevel.Admin, f.Trigger.AuthorizationLevel));
    }

    [Fact]
    public async Task Cleanup_over_HTTP_wipes_through_the_sync_queue_and_a_late_change_answers_409()
    {
        await using var emulator = await FeishuEmulatorServer.StartAsync(OperationsHarness.FastEmulator());
        await using var host = await StartHostAsync(emulator);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var approvalCode = TestInstances.NewId("http-cleanup");
        var ids = Enumerable.Range(0, 3).Select(i => $"{approvalCode}-{i}").ToList();
        foreach (var id in ids)
        {
            using var ingested = await SendAsync(client, "POST", "api/instances", FunctionKey, Body(TestInstances.Instance(id, approvalCode, tasks: [TestInstances.Task($"{id}-t", "ou_approver")])));
            Assert.Equal(HttpStatusCode.Accepted, ingested.StatusCode);
        }

        await EventuallyAsync(() => ids.All(id => emulator.State.FindInstance(id)?.Tasks.Count == 1), "the sync queue trigger to sync every instance");

        using var dryRun = await SendAsync(client, "POST", "api/ops/cleanup", AdminKey, $"{{\"approval_code\":\"{approvalCode}\"}}", ("x-operator", "ops-tests"));
        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        var plan = JsonNode.Parse(await dryRun.Content.ReadAsStringAsync())!;
        Assert.Equal(3, plan["count"]!.GetValue<int>());
        var token = plan["confirmation_token"]!.GetValue<string>();
        var runId = plan["run_id"]!.GetValue<string>();

        using var confirmed = await SendAsync(client, "POST", "api/ops/cleanup", AdminKey, $"{{\"confirm\":\"{token}\"}}");
        Assert.Equal(HttpStatusCode.Accepted, confirmed.StatusCode);

        JsonNode? progress = null;
        await EventuallyAsync(async () =>
        {
            using var response = await SendAsync(client, "GET", $"api/ops/cleanup/{runId}", AdminKey, null);
            progress = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            return progress?["state"]?.GetValue<string>() == "completed";
        }, "the sync queue trigger to send every wipe");
        Assert.Equal(3, progress!["done"]!.GetValue<int>());
        Assert.All(ids, id => Assert.Equal(("APPROVED", 0), (emulator.State.FindInstance(id)!.Status, emulator.State.FindInstance(id)!.Tasks.Count)));

        var late = TestInstances.Instance(ids[0], approvalCode, TestInstances.BaseTime + 5_000, tasks: [TestInstances.Task($"{ids[0]}-t", "ou_approver", TestInstances.BaseTime + 5_000)]);
        using var refused = await SendAsync(client, "POST", "api/instances", FunctionKey, Body(late));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("purged", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var diagnose = await SendAsync(client, "GET", $"api/ops/instances/{ids[0]}", AdminKey, null);
        var diagnosis = JsonNode.Parse(await diagnose.Content.ReadAsStringAsync())!;
        Assert.Equal("purged", diagnosis["verdict"]!["kind"]!.GetValue<string>());
        Assert.Equal(runId, diagnosis["purge"]!["run_id"]!.GetValue<string>());

        using var resync = await SendAsync(client, "POST", $"api/ops/instances/{ids[0]}/resync", AdminKey, null);
        Assert.Equal(HttpStatusCode.Conflict, resync.StatusCode);
        using var unknown = await SendAsync(client, "GET", "api/ops/instances/never-sent", AdminKey, null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("never-sent", (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_operator_requests_get_a_clear_error_naming_the_field()
    {
        await using var emulator = await FeishuEmulatorServer.StartAsync(OperationsHarness.FastEmulator());
        await using var host = await StartHostAsync(emulator);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        (string Method, string Path, string? Body, string Field)[] cases =
        [
            ("GET", "api/ops/users/ou_x/tasks", null, "topic"),
            ("GET", "api/ops/users/ou_x/tasks?topic=4", null, "topic"),
            ("GET", "api/ops/users/ou_x/tasks?topic=1&user_id_type=email", null, "user_id_type"),
            ("POST", "api/ops/cleanup", "{}", "$"),
            ("POST", "api/ops/cleanup", "{\"all\":true,\"approval_code\":\"x\"}", "$"),
            ("POST", "api/ops/cleanup", "{\"instance_ids\":[\"\"]}", "$.instance_ids[0]"),
            ("POST", "api/ops/cleanup", $"{{\"instance_ids\":[\"a\",\"{new string('x', 2_000)}\"]}}", "$.instance_ids[1]"),
            ("POST", "api/ops/cleanup", $"{{\"approval_code\":\"{new string('A', 129)}\"}}", "$.approval_code"),
            ("POST", "api/ops/cleanup", "{\"discover_users\":[{\"user_id\":\"u\",\"user_id_type\":\"email\"}]}", "$.discover_users[0].user_id_type"),
            ("POST", "api/ops/cleanup", "{\"confirm\":\"not-a-token\"}", "$.confirm"),
            ("POST", "api/ops/parked/replay", "{}", "$"),
            ("GET", "api/ops/parked?feishu_code=abc", null, "feishu_code"),
        ];
        foreach (var (method, path, body, field) in cases)
        {
            using var response = await SendAsync(client, method, path, AdminKey, body);
            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path} {body} answered {(int)response.StatusCode}");
            Assert.Equal(field, error["problems"]?[0]?["path"]?.GetValue<string>());
        }
    }

    [Fact]
    public async Task Cleanup_progress_of_a_run_id_we_never_issue_is_404_and_never_reaches_storage()
    {
        await using var emulator = await FeishuEmulatorServer.StartAsync(OperationsHarness.FastEmulator());
        await using var host = await StartHostAsync(emulator);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        foreach (var runId in new[] { new string('9', 2_000), "20260101000000-abcdef01%0Aforged", "a%23b%3Fc", "20260101000000-ABCDEF01", "%E5%AE%A1%E6%89%B9" })
        {
            using var response = await SendAsync(client, "GET", $"api/ops/cleanup/{runId}", AdminKey, null);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"run id {runId[..Math.Min(40, runId.Length)]} answered {(int)response.StatusCode}");
            Assert.Equal("runId", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["problems"]![0]!["path"]!.GetValue<string>());
        }

        using var token = await SendAsync(client, "POST", "api/ops/cleanup", AdminKey, $"{{\"confirm\":\"{new string('9', 2_000)}.secret\"}}");
        Assert.Equal(HttpStatusCode.BadRequest, token.StatusCode);
    }

    private async Task<LocalFunctionsHost> StartHostAsync(FeishuEmulatorServer emulator)
    {
        var settings = OperationsHarness.Settings(azurite, emulator).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        settings["LocalHost__FunctionKey"] = FunctionKey;
        settings["LocalHost__AdminKey"] = AdminKey;
        // A daily round (not during a test, unless it runs over midnight UTC) that still sweeps every shard, as the app checks.
        settings["ReconcileSchedule"] = "0 0 0 * * *";
        settings["Sweep__ShardCount"] = "1";
        settings["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.200";
        return await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions
        {
            FunctionAssemblies = [typeof(IngestFunctions).Assembly],
            HostJsonFile = RepositoryPaths.Combine("host.json"),
            Settings = settings,
            Port = 0,
        });
    }

    private static string Body(ExternalInstance instance) => JsonSerializer.Serialize(instance, FeishuJsonContext.Default.ExternalInstance);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string? key, string? body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method == "POST")
        {
            request.Content = new StringContent(body ?? "{}", Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Add(KeyAuthorization.KeyHeader, key);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await client.SendAsync(request);
    }

    /// <summary>A 404 or 400 from an operator function carries its error body; the host's own 404 does not.</summary>
    /// <summary>An answer of the operation itself: its own problem details (the host's 404 of an unknown route has none).</summary>
    private static async Task<bool> IsOperatorAnswerAsync(HttpResponseMessage response) =>
        response.StatusCode != HttpStatusCode.Unauthorized
        && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
        && JsonNode.Parse(await response.Content.ReadAsStringAsync())?["status"]?.GetValue<int>() == (int)response.StatusCode;

    private static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), what);

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }
}
