using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalFunctions.FunctionApp.Http;
using ApprovalFunctions.Core.Requests;
using ApprovalFunctions.UnitTests.FunctionApp;
using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.Facade;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static ApprovalFunctions.Tests.Shared.SampleInstances;

namespace ApprovalFunctions.UnitTests.Facade;

/// <summary>The Feishu-compatible surface's answers: Feishu's codes, HTTP statuses and bodies for each outcome.</summary>
public sealed class FeishuFacadeTests : IDisposable
{
    private const string AppId = "cli_source";
    private const string Secret = "a-facade-secret-of-32-characters";

    private readonly ServiceProvider metricsProvider = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly Mock<IIngestRequestReader> reader = new(MockBehavior.Strict);
    private readonly Mock<IInstanceIngestor> ingestor = new(MockBehavior.Strict);
    private readonly Mock<IInstanceStateStore> store = new(MockBehavior.Strict);

    public void Dispose() => metricsProvider.Dispose();

    [Fact]
    public async Task The_token_call_answers_feishus_flat_body_for_the_configured_credentials()
    {
        var answer = await Facade().HandleAsync(Post(new JsonObject { ["app_id"] = AppId, ["app_secret"] = Secret }), FeishuFacade.TenantTokenPath, default);

        Assert.Equal((200, 0, "ok"), (answer.HttpStatus, answer.Code, answer.Body["msg"]!.GetValue<string>()));
        Assert.StartsWith("t-", answer.Body["tenant_access_token"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.InRange(answer.Body["expire"]!.GetValue<long>(), 1800, 7200);
        Assert.Null(answer.Body["data"]);
    }

    [Fact]
    public async Task The_app_token_call_answers_both_tokens_as_for_a_self_built_app()
    {
        var answer = await Facade().HandleAsync(Post(new JsonObject { ["app_id"] = AppId, ["app_secret"] = Secret }), FeishuFacade.AppTokenPath, default);

        Assert.StartsWith("a-", answer.Body["app_access_token"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("t-", answer.Body["tenant_access_token"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"app_id\":\"cli_source\",\"app_secret\":\"wrong-secret-of-some-length\"}", 10015)]
    [InlineData("{\"app_id\":\"cli_other\",\"app_secret\":\"a-facade-secret-of-32-characters\"}", 10015)]
    [InlineData("{\"app_id\":\"cli_source\"}", 10003)]
    [InlineData("{\"app_id\":1,\"app_secret\":\"x\"}", 10003)]
    [InlineData("not json", 10003)]
    public async Task Wrong_or_missing_credentials_answer_feishus_token_codes(string body, int code)
    {
        var answer = await Facade().HandleAsync(Post(body), FeishuFacade.TenantTokenPath, default);

        Assert.Equal((400, code), (answer.HttpStatus, answer.Code));
        Assert.Null(answer.Body["tenant_access_token"]);
    }

    [Theory]
    [InlineData(null, 99991661)]
    [InlineData("Basic Y2xpOnNlY3JldA==", 99991671)]
    [InlineData("Bearer t-g1044abcdef", 99991671)]
    [InlineData("Bearer t-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 99991663)]
    public async Task A_missing_malformed_or_foreign_token_answers_feishus_token_codes_and_reads_nothing(string? authorization, int code)
    {
        var answer = await Facade().HandleAsync(Post("{}", authorization), FeishuFacade.SyncPath, default);

        Assert.Equal((400, code), (answer.HttpStatus, answer.Code));
    }

    [Fact]
    public async Task An_expired_token_answers_99991663_the_code_the_sdks_fetch_a_new_token_on()
    {
        var facade = Facade();
        var token = await TokenAsync(facade);
        clock.Advance(FacadeTokens.Lifetime);

        var answer = await facade.HandleAsync(Post("{}", "Bearer " + token), FeishuFacade.CheckPath, default);

        Assert.Equal((400, 99991663), (answer.HttpStatus, answer.Code));
        Assert.Contains("expired", answer.Body["msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IngestOutcomeKind.Queued)]
    [InlineData(IngestOutcomeKind.Stale)]
    [InlineData(IngestOutcomeKind.Duplicate)]
    public async Task An_accepted_change_answers_code_0_and_echoes_the_instance_as_feishu_does(IngestOutcomeKind kind)
    {
        var facade = Facade();
        var instance = Instance("inst-9", tasks: [Task("t1", 1_000)]);
        reader.Setup(r => r.ReadUnsignedInstanceAsync(It.IsAny<IncomingRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(IngestReadResult.Valid(instance));
        ingestor.Setup(i => i.IngestAsync(instance, It.IsAny<CancellationToken>())).ReturnsAsync(new IngestOutcome(kind, "inst-9", 2));

        var answer = await facade.HandleAsync(Post("{}", "Bearer " + await TokenAsync(facade)), FeishuFacade.SyncPath, default);

        Assert.Equal((200, 0, "success"), (answer.HttpStatus, answer.Code, answer.Body["msg"]!.GetValue<string>()));
        var echo = answer.Body["data"]!["data"]!;
        Assert.Equal(("inst-9", "1000", "t1"), (echo["instance_id"]!.GetValue<string>(), echo["update_time"]!.GetValue<string>(), echo["task_list"]![0]!["task_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_body_feishu_would_refuse_answers_1390001_naming_every_field()
    {
        var facade = Facade();
        reader.Setup(r => r.ReadUnsignedInstanceAsync(It.IsAny<IncomingRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(IngestReadResult.Invalid(400,
            [new IngestProblem("$.task_list[3].update_time", "Must be a string of Unix milliseconds."), new IngestProblem("$", "Too many tasks.")]));

        var answer = await facade.HandleAsync(Post("{}", "Bearer " + await TokenAsync(facade)), FeishuFacade.SyncPath, default);

        Assert.Equal((400, 1390001), (answer.HttpStatus, answer.Code));
        Assert.Equal("param is invalid: task_list[3].update_time: Must be a string of Unix milliseconds.; body: Too many tasks.", answer.Body["msg"]!.GetValue<string>());
        Assert.Equal(["task_list[3].update_time", "body"], answer.Body["error"]!["field_violations"]!.AsArray().Select(v => v!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_change_refused_after_validation_answers_1390001_with_the_reason()
    {
        var facade = Facade();
        var instance = Instance("inst-9");
        reader.Setup(r => r.ReadUnsignedInstanceAsync(It.IsAny<IncomingRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(IngestReadResult.Valid(instance));
        ingestor.Setup(i => i.IngestAsync(instance, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new IngestOutcome(IngestOutcomeKind.Conflict, "inst-9", 3, "approval_code cannot change", "$.approval_code"));

        var answer = await facade.HandleAsync(Post("{}", "Bearer " + await TokenAsync(facade)), FeishuFacade.SyncPath, default);

        Assert.Equal((400, 1390001, "param is invalid: approval_code: approval_code cannot change"),
            (answer.HttpStatus, answer.Code, answer.Body["msg"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_storage_failure_answers_http_500_and_2200_which_sources_retry()
    {
        var facade = Facade();
        var instance = Instance("inst-9");
        reader.Setup(r => r.ReadUnsignedInstanceAsync(It.IsAny<IncomingRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(IngestReadResult.Valid(instance));
        ingestor.Setup(i => i.IngestAsync(instance, It.IsAny<CancellationToken>())).ThrowsAsync(new RequestFailedException(503, "storage unavailable"));

        var answer = await facade.HandleAsync(Post("{}", "Bearer " + await TokenAsync(facade)), FeishuFacade.SyncPath, default);

        Assert.Equal((500, 2200), (answer.HttpStatus, answer.Code));
    }

    [Fact]
    public async Task Check_answers_from_desired_state_by_feishus_judgement()
    {
        var facade = Facade();
        var desired = new DesiredState
        {
            InstanceId = "inst-1", ApprovalCode = ApprovalCode, DesiredVersion = 1, Complete = true, LastReceivedAt = DateTimeOffset.UnixEpoch,
            Instance = Instance("inst-1", time: 2_000_000_000_000, tasks: [Task("t1", 2_000_000_000_000)]),
        };
        store.Setup(s => s.LoadAsync("inst-1", It.IsAny<CancellationToken>())).ReturnsAsync(new InstanceState("inst-1", new(desired, new ETag("d")), null));
        store.Setup(s => s.LoadAsync("inst-2", It.IsAny<CancellationToken>())).ReturnsAsync(new InstanceState("inst-2", null, null));
        var body = """{"instances":[{"instance_id":"inst-1","update_time":"2000000000000","tasks":[{"task_id":"t1","update_time":"2000000000000"}]},{"instance_id":"inst-2","update_time":"2000000000000","tasks":[]}]}""";

        var answer = await facade.HandleAsync(Post(body, "Bearer " + await TokenAsync(facade)), FeishuFacade.CheckPath, default);

        Assert.Equal((200, 0), (answer.HttpStatus, answer.Code));
        Assert.Equal("""{"diff_instances":[{"instance_id":"inst-2","update_time":"0","tasks":[]}]}""", answer.Body["data"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"instances":[]}""", "instances")]
    [InlineData("""{"instances":[{"instance_id":"i","update_time":1700000000000,"tasks":[]}]}""", "instances[0].update_time")]
    [InlineData("""{"instances":[{"instance_id":"i","update_time":"1700000000000"}]}""", "instances[0].tasks")]
    [InlineData("""{"instances":[{"instance_id":"i","update_time":"1700000000000","tasks":[{"task_id":""}]}]}""", "instances[0].tasks[0].task_id")]
    [InlineData("""{"instances":[{"instance_id":"i","update_time":"1700000000000","tasks":[],"extra":"x"}]}""", "instances[0].extra")]
    [InlineData("""{"instances":[{"instance_id":"i","instance_id":"j","update_time":"1700000000000","tasks":[]}]}""", "instances[0].instance_id")]
    [InlineData("""{"instances":[{"instance_id":"i","update_time":"1700000000","tasks":[]}]}""", "instances[0].update_time")]
    [InlineData("""{"instances":[{"instance_id":"i","update_time":"1700000000000","tasks":[{"task_id":"t","update_time":"soon"}]}]}""", "instances[0].tasks[0].update_time")]
    [InlineData("""{"instances":[{"instance_id":"\ud800","update_time":"1700000000000","tasks":[]}]}""", "instances[0].instance_id")]
    [InlineData("""{"instances":[7]}""", "instances[0]")]
    [InlineData("""{"instances":null}""", "instances")]
    [InlineData("null", "body")]
    [InlineData("[]", "body")]
    public async Task A_malformed_check_answers_1390001_naming_the_field(string body, string field)
    {
        var facade = Facade();

        var answer = await facade.HandleAsync(Post(body, "Bearer " + await TokenAsync(facade)), FeishuFacade.CheckPath, default);

        Assert.Equal((400, 1390001), (answer.HttpStatus, answer.Code));
        Assert.StartsWith($"param is invalid: {field}: ", answer.Body["msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_of_more_than_200_instances_answers_1390001()
    {
        var facade = Facade();
        var instances = new JsonArray([.. Enumerable.Range(0, FacadeCheckEndpoint.MaxInstances + 1)
            .Select(i => (JsonNode)new JsonObject { ["instance_id"] = $"i{i}", ["update_time"] = "1700000000000", ["tasks"] = new JsonArray() })]);

        var answer = await facade.HandleAsync(Post(new JsonObject { ["instances"] = instances }.ToJsonString(), "Bearer " + await TokenAsync(facade)), FeishuFacade.CheckPath, default);

        Assert.Equal((400, 1390001, "param is invalid: instances: Must hold 1 to 200 instances; it holds 201."),
            (answer.HttpStatus, answer.Code, answer.Body["msg"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("POST", "approval/v4/instances")]
    [InlineData("POST", "im/v1/messages")]
    [InlineData("POST", null)]
    [InlineData("GET", FeishuFacade.SyncPath)]
    [InlineData("GET", FeishuFacade.TenantTokenPath)]
    public async Task Any_other_call_answers_feishus_404_in_an_envelope(string method, string? path)
    {
        var request = Post("{}");
        request.Method = method;

        var answer = await Facade().HandleAsync(request, path, default);

        Assert.Equal((404, 404, "404 page not found"), (answer.HttpStatus, answer.Code, answer.Body["msg"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Without_facade_credentials_every_call_answers_404_saying_how_to_turn_it_on()
    {
        var answer = await Facade(new FacadeOptions()).HandleAsync(Post(new JsonObject { ["app_id"] = AppId, ["app_secret"] = Secret }), FeishuFacade.TenantTokenPath, default);

        Assert.Equal((404, 404), (answer.HttpStatus, answer.Code));
        Assert.Contains("Facade__AppSecret", answer.Body["msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_answer_is_written_as_utf8_json_with_a_log_id_header()
    {
        var answer = await Facade().HandleAsync(Post("{}"), "unknown", default);
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await new FacadeAnswerResult(answer).ExecuteResultAsync(new ActionContext(context, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));

        Assert.Equal((404, "application/json; charset=utf-8", answer.LogId), (context.Response.StatusCode, context.Response.ContentType, context.Response.Headers[FacadeAnswer.LogIdHeader].ToString()));
        Assert.Equal("""{"code":404,"msg":"404 page not found"}""", Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    private FeishuFacade Facade(FacadeOptions? options = null)
    {
        var tokens = new FacadeTokens(Options.Create(options ?? new FacadeOptions { AppId = AppId, AppSecret = Secret }), clock);
        var metrics = new ApprovalMetrics(metricsProvider.GetRequiredService<IMeterFactory>());
        return new FeishuFacade(
            tokens,
            new FacadeAuthentication(tokens),
            new FacadeTokenEndpoint(tokens),
            new FacadeSyncEndpoint(reader.Object, ingestor.Object, metrics),
            new FacadeCheckEndpoint(store.Object, Options.Create(new IngestOptions())),
            NullLogger<FeishuFacade>.Instance);
    }

    private static async Task<string> TokenAsync(FeishuFacade facade)
    {
        var answer = await facade.HandleAsync(Post(new JsonObject { ["app_id"] = AppId, ["app_secret"] = Secret }), FeishuFacade.TenantTokenPath, default);
        return answer.Body["tenant_access_token"]!.GetValue<string>();
    }

    private static HttpRequest Post(JsonObject body) => Post(body.ToJsonString());

    private static HttpRequest Post(string body, string? authorization = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json; charset=utf-8";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context.Request;
    }
}
