using System.Diagnostics.Metrics;
using System.Text.Json;
using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.Requests;
using ApprovalFunctions.FunctionApp.Functions.Ingest;
using ApprovalFunctions.FunctionApp.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Moq;
using static ApprovalFunctions.Tests.Shared.SampleInstances;

namespace ApprovalFunctions.UnitTests.FunctionApp;

public sealed class IngestFunctionsResponseTests : IDisposable
{
    private readonly ServiceProvider metricsProvider = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Mock<IIngestRequestReader> reader = new(MockBehavior.Strict);
    private readonly Mock<IInstanceIngestor> ingestor = new(MockBehavior.Strict);
    private readonly FakeLogger<ServerErrorProblems> logger = new();
    private readonly IngestFunctions functions;

    public IngestFunctionsResponseTests()
    {
        functions = new IngestFunctions(reader.Object, ingestor.Object, new IncomingRequests(Options.Create(new IngestOptions()), TimeProvider.System), new ServerErrorProblems(logger), new ApprovalMetrics(metricsProvider.GetRequiredService<IMeterFactory>()));
    }

    public void Dispose() => metricsProvider.Dispose();

    [Theory]
    [InlineData(IngestOutcomeKind.Queued, "queued")]
    [InlineData(IngestOutcomeKind.Stale, "stale")]
    [InlineData(IngestOutcomeKind.Duplicate, "duplicate")]
    public async Task Accepted_change_answers_202_with_instance_outcome_and_version(IngestOutcomeKind kind, string outcome)
    {
        var instance = Instance("inst-9");
        reader.Setup(r => r.ReadInstanceAsync(It.IsAny<IncomingRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(IngestReadResult.Valid(instance));
        ingestor.Setup(i => i.IngestAsync(instance, It.IsAny<CancellationToken>())).ReturnsAsync(new IngestOutcome(kind, "inst-9", 4));

        var result = Assert.IsType<JsonResult>(await functions.IngestInstanceAsync(new DefaultHttpContext().Request, default));

        Assert.Equal(StatusCodes.Status202Accepted, result.StatusCode);
        Assert.Equal($"{{\"instance_id\":\"inst-9\",\"outcome\":\"{outcome}\",\"desired_version\":4}}", Serialize(result));
    }

    [Fact]
    public async Task Invalid_request_answers_the_readers_status_and_stores_nothing()
    {
        using var rejected = Collector("approvalfunctions.ingest.rejected");
        reader.Setup(r => r.ReadInstanceAsync(It.IsAny<IncomingRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(IngestReadResult.Invalid(415, [new IngestProblem("Content-Type", "must be application/json")]));

        var result = Assert.IsType<JsonResult>(await functions.IngestInstanceAsync(new DefaultHttpContext().Request, default));

        Assert.Equal(415, result.StatusCode);
        Assert.Equal("Content-Type", Assert.Single(Assert.IsType<ProblemBody>(result.Value).Problems).Path);
        ingestor.Verify(i => i.IngestAsync(It.IsAny<ApprovalFunctions.Feishu.Models.ExternalInstance>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(415, Assert.Single(rejected.GetMeasurementSnapshot()).Tags["status"]);
    }

    [Fact]
    public async Task Approval_code_change_answers_409_with_the_reason()
    {
        var instance = Instance("inst-9");
        reader.Setup(r => r.ReadInstanceAsync(It.IsAny<IncomingRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(IngestReadResult.Valid(instance));
        ingestor.Setup(i => i.IngestAsync(instance, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new IngestOutcome(IngestOutcomeKind.Conflict, "inst-9", 3, "approval_code cannot change", "$.approval_code"));

        var result = Assert.IsType<JsonResult>(await functions.IngestInstanceAsync(new DefaultHttpContext().Request, default));

        Assert.Equal(StatusCodes.Status409Conflict, result.StatusCode);
        Assert.Equal(ProblemResults.ContentType, result.ContentType);
        var body = Assert.IsType<ProblemBody>(result.Value);
        Assert.Equal(("about:blank", "Conflict", 409, "approval_code cannot change"), (body.Type, body.Title, body.Status, body.Detail));
        Assert.Equal(new IngestProblem("$.approval_code", "approval_code cannot change"), Assert.Single(body.Problems));
    }

    [Fact]
    public async Task Merged_limit_answers_422_naming_the_field_and_Chinese_text_stays_readable()
    {
        var instance = Instance("审批-9");
        reader.Setup(r => r.ReadInstanceAsync(It.IsAny<IncomingRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(IngestReadResult.Valid(instance));
        ingestor.Setup(i => i.IngestAsync(instance, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new IngestOutcome(IngestOutcomeKind.Unprocessable, "审批-9", 3, "实例 审批-9 would hold 301 tasks <b>", "$.task_list"));

        var result = Assert.IsType<JsonResult>(await functions.IngestInstanceAsync(new DefaultHttpContext().Request, default));

        Assert.Equal(StatusCodes.Status422UnprocessableEntity, result.StatusCode);
        var json = Serialize(result);
        Assert.Contains("实例 审批-9 would hold 301 tasks", json, StringComparison.Ordinal);
        Assert.Contains("tasks \\u003Cb\\u003E", json, StringComparison.Ordinal);
        Assert.Contains("\"path\":\"$.task_list\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_failure_answers_a_500_problem_and_logs_the_error_so_the_caller_retries()
    {
        var instance = Instance("inst-9");
        reader.Setup(r => r.ReadInstanceAsync(It.IsAny<IncomingRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(IngestReadResult.Valid(instance));
        ingestor.Setup(i => i.IngestAsync(instance, It.IsAny<CancellationToken>())).ThrowsAsync(new Azure.RequestFailedException(503, "storage unavailable"));
        var request = new DefaultHttpContext().Request;
        request.Path = "/api/instances";

        var result = Assert.IsType<JsonResult>(await functions.IngestInstanceAsync(request, default));

        Assert.Equal((500, ProblemResults.ContentType), (result.StatusCode, result.ContentType));
        var body = Assert.IsType<ProblemBody>(result.Value);
        Assert.Equal(("Internal Server Error", ServerErrorProblems.Detail, "/api/instances"), (body.Title, body.Detail, body.Instance));
        var logged = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.IsType<Azure.RequestFailedException>(logged.Exception);
    }

    [Fact]
    public async Task Cancellation_is_not_answered_but_left_to_the_host()
    {
        var instance = Instance("inst-9");
        reader.Setup(r => r.ReadInstanceAsync(It.IsAny<IncomingRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(IngestReadResult.Valid(instance));
        ingestor.Setup(i => i.IngestAsync(instance, It.IsAny<CancellationToken>())).ThrowsAsync(new OperationCanceledException());

        await Assert.ThrowsAsync<OperationCanceledException>(() => functions.IngestInstanceAsync(new DefaultHttpContext().Request, default));
    }

    [Fact]
    public async Task Batch_answers_one_result_per_item_in_order_each_refusal_a_problem_object()
    {
        var items = new IngestReadResult[] { IngestReadResult.Valid(Instance("a")), IngestReadResult.Invalid(400, []), IngestReadResult.Valid(Instance("c")) };
        reader.Setup(r => r.ReadBatchAsync(It.IsAny<IncomingRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(new IngestBatchReadResult(200, items, []));
        ingestor.Setup(i => i.IngestBatchAsync(items, It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            new IngestBatchItem(0, 202, new IngestOutcome(IngestOutcomeKind.Queued, "a", 1), []),
            new IngestBatchItem(1, 400, null, [new IngestProblem("$.instances[1].status", "must be one of PENDING, APPROVED, …")]),
            new IngestBatchItem(2, 409, new IngestOutcome(IngestOutcomeKind.Conflict, "c", 2, "purged", "$.instance_id"), [new IngestProblem("$.instance_id", "purged")]),
        ]);

        var result = Assert.IsType<JsonResult>(await functions.IngestInstanceBatchAsync(new DefaultHttpContext().Request, default));

        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        var body = Assert.IsType<IngestBatchBody>(result.Value);
        Assert.Equal([202, 400, 409], body.Results.Select(r => r.Status));
        Assert.Equal([0, 1, 2], body.Results.Select(r => r.Index));
        Assert.Equal(("queued", null, null), (body.Results[0].Outcome, body.Results[0].Type, body.Results[0].Problems));
        Assert.Equal(("about:blank", "Bad Request"), (body.Results[1].Type, body.Results[1].Title));
        Assert.Equal("$.instances[1].status", Assert.Single(body.Results[1].Problems!).Path);
        Assert.Equal(("conflict", "Conflict", "purged"), (body.Results[2].Outcome, body.Results[2].Title, body.Results[2].Detail));
        Assert.Contains("\"desired_version\":1", Serialize(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_with_a_bad_envelope_answers_its_status()
    {
        reader.Setup(r => r.ReadBatchAsync(It.IsAny<IncomingRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new IngestBatchReadResult(413, [], [new IngestProblem("$", "body larger than 1048576 bytes")]));

        var result = Assert.IsType<JsonResult>(await functions.IngestInstanceBatchAsync(new DefaultHttpContext().Request, default));

        Assert.Equal(413, result.StatusCode);
        Assert.Equal(413, Assert.IsType<ProblemBody>(result.Value).Status);
    }

    private MetricCollector<long> Collector(string instrument) =>
        new(metricsProvider.GetRequiredService<IMeterFactory>(), ApprovalMetrics.MeterName, instrument);

    private static string Serialize(JsonResult result) =>
        JsonSerializer.Serialize(result.Value, result.Value!.GetType(), (JsonSerializerOptions)result.SerializerSettings!);
}
