using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalFunctions.Feishu.Json;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.LoadGenerator;
using ApprovalFunctions.LoadGenerator.Cli;

namespace ApprovalFunctions.LoadGenerator.Tests;

public sealed class LoadRunTests
{
    private static LoadGeneratorOptions Options(int instances = 20) => new()
    {
        Instances = instances,
        Concurrency = 4,
        DuplicateRate = 0.2,
        ReorderRate = 0.3,
        BurstShare = 0.3,
        RunId = "lgrun",
        BaseTime = 1_790_000_000_000,
        ConsistencyTimeout = TimeSpan.FromMilliseconds(300),
        PollInterval = TimeSpan.FromMilliseconds(10),
    };

    private static async Task<ApprovalFunctions.LoadGenerator.Reporting.RunSummary> RunAsync(LoadGeneratorOptions options, FakePipeline pipeline)
    {
        using var http = new HttpClient(pipeline);
        return await new LoadRun(options, http, TimeProvider.System, TextWriter.Null).ExecuteAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_pipeline_that_keeps_every_change_is_found_consistent_with_its_figures()
    {
        var pipeline = new FakePipeline();

        var summary = await RunAsync(Options(), pipeline);

        Assert.Equal("consistent", summary.Verdict);
        Assert.True(summary.Passed);
        Assert.Equal(summary.Ingest.Requests, summary.Ingest.Accepted);
        Assert.True(summary.Ingest.Requests > summary.Ingest.Changes);
        Assert.Equal(pipeline.Applied, summary.Consistency!.FeishuSyncCalls);
        Assert.Equal(3.0 * pipeline.Applied / summary.Ingest.Changes, summary.StorageOperationsPerChange!.Value, precision: 9);
        Assert.NotNull(summary.Consistency.SecondsAfterIngest);
        Assert.NotNull(summary.Ingest.LatencyP99Ms);
    }

    [Fact]
    public async Task A_pipeline_that_loses_a_change_is_found_inconsistent()
    {
        var pipeline = new FakePipeline { Drop = body => body.UpdateMode == UpdateMode.Update && body.InstanceId.EndsWith("-000003", StringComparison.Ordinal) };

        var summary = await RunAsync(Options(), pipeline);

        Assert.Equal("INCONSISTENT", summary.Verdict);
        Assert.False(summary.Passed);
        Assert.Null(summary.Consistency!.SecondsAfterIngest);
        Assert.Equal(1, summary.Consistency.InstancesWithDifferences);
        Assert.All(summary.Consistency.Differences, d => Assert.StartsWith("lgrun-000003", d, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejected_change_fails_the_run_and_is_shown()
    {
        var pipeline = new FakePipeline { Reject = body => body.InstanceId.EndsWith("-000001", StringComparison.Ordinal) };

        var summary = await RunAsync(Options() with { IngestOnly = true }, pipeline);

        Assert.Equal("ingest-only", summary.Verdict);
        Assert.False(summary.Passed);
        Assert.True(summary.Ingest.Rejected > 0);
        Assert.Contains(summary.Ingest.Problems, p => p.Contains("$.task_list[0].update_time", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ingest_only_never_reads_the_emulator()
    {
        var pipeline = new FakePipeline();

        var summary = await RunAsync(Options() with { IngestOnly = true }, pipeline);

        Assert.True(summary.Passed);
        Assert.Null(summary.Consistency);
        Assert.DoesNotContain(pipeline.Paths, p => p.StartsWith("/emulator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Feishu_faults_are_set_for_the_run_and_restored_after_it()
    {
        var pipeline = new FakePipeline();

        await RunAsync(Options(instances: 3) with { FeishuFaults = new Dictionary<string, string> { ["serverErrorRate"] = "0.1" } }, pipeline);

        Assert.Equal(2, pipeline.FaultsPut.Count);
        Assert.Equal(0.1, pipeline.FaultsPut[0]["serverErrorRate"]!.GetValue<double>());
        Assert.Equal(0, pipeline.FaultsPut[1]["serverErrorRate"]!.GetValue<double>());
    }

    [Fact]
    public async Task An_unknown_fault_setting_is_refused_naming_it()
    {
        var error = await Assert.ThrowsAsync<OptionsException>(() =>
            RunAsync(Options(instances: 1) with { FeishuFaults = new Dictionary<string, string> { ["explodeRate"] = "1" } }, new FakePipeline()));

        Assert.Contains("explodeRate", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The ingest API, the emulator's view and the local host's counters, over a per-entity merge model.</summary>
    private sealed class FakePipeline : HttpMessageHandler
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, ExternalInstance> _feishu = new(StringComparer.Ordinal);
        private JsonObject _faults = new() { ["latencyMs"] = 0, ["serverErrorRate"] = 0.0 };

        public Func<ExternalInstance, bool> Drop { get; init; } = _ => false;

        public Func<ExternalInstance, bool> Reject { get; init; } = _ => false;

        public long Applied { get; private set; }

        public List<string> Paths { get; } = [];

        public List<JsonObject> FaultsPut { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            lock (_gate)
            {
                Paths.Add(path);
                return (request.Method.Method, path) switch
                {
                    ("POST", "/api/instances") => Ingest(body!),
                    ("GET", "/emulator/instances") => Json(new JsonArray([.. _feishu.Values.Select(i => (JsonNode)FeishuViews.Of(i))])),
                    ("GET", "/emulator/stats") => Json(new JsonObject { ["callsPerEndpoint"] = new JsonObject { ["sync"] = Applied } }),
                    ("GET", "/emulator/faults") => Json(_faults.DeepClone()),
                    ("PUT", "/emulator/faults") => PutFaults(body!),
                    ("GET", "/local/counters") => Json(new JsonObject { ["approvalfunctions.storage.operations"] = 3 * Applied }),
                    _ => new HttpResponseMessage(HttpStatusCode.NotFound),
                };
            }
        }

        private HttpResponseMessage Ingest(string body)
        {
            var change = JsonSerializer.Deserialize(body, FeishuJsonContext.Default.ExternalInstance)!;
            if (Reject(change))
            {
                return Json(JsonNode.Parse("""{"type":"about:blank","title":"Bad Request","status":400,"detail":"The request is not a valid Feishu third-party instance.","instance":"/api/instances","problems":[{"path":"$.task_list[0].update_time","message":"bad"}]}""")!, HttpStatusCode.BadRequest);
            }

            if (!Drop(change))
            {
                _feishu[change.InstanceId] = FeishuMergeModel.Apply(_feishu.GetValueOrDefault(change.InstanceId), change)!;
                Applied++;
            }

            return Json(new JsonObject { ["instance_id"] = change.InstanceId, ["outcome"] = "queued", ["desired_version"] = 1 }, HttpStatusCode.Accepted);
        }

        private HttpResponseMessage PutFaults(string body)
        {
            var faults = JsonNode.Parse(body)!.AsObject();
            FaultsPut.Add(faults);
            _faults = faults;
            return Json(faults.DeepClone());
        }

        private static HttpResponseMessage Json(JsonNode node, HttpStatusCode status = HttpStatusCode.OK) =>
            new(status) { Content = new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json") };
    }
}
