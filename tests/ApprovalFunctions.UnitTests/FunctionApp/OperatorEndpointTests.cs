using System.Net;
using System.Text;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.FunctionApp.Functions.Operations;
using ApprovalFunctions.FunctionApp.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.UnitTests.FunctionApp;

/// <summary>Every operator call through <see cref="OperatorEndpoint"/>: one audit line whatever the outcome, errors as problems.</summary>
public sealed class OperatorEndpointTests
{
    private readonly FakeLogger<OperatorAudit> auditLog = new();
    private readonly FakeLogger<ServerErrorProblems> failureLog = new();
    private readonly OperatorEndpoint endpoint;

    public OperatorEndpointTests()
    {
        endpoint = new OperatorEndpoint(
            new OperatorAudit(auditLog),
            new IncomingRequests(Options.Create(new IngestOptions()), TimeProvider.System),
            new ServerErrorProblems(failureLog));
    }

    [Fact]
    public async Task A_success_answers_its_body_and_is_audited_once_with_the_target_the_operation_named()
    {
        var result = await endpoint.RunAsync(Request("/api/ops/instances/i-1"), "diagnose", call =>
        {
            call.Target = "i-1";
            return Task.FromResult(OperatorAnswer.Ok(new OperatorError("body"), 3, "verdict current"));
        });

        Assert.Equal(200, Assert.IsType<JsonResult>(result).StatusCode);
        var line = Assert.Single(auditLog.Collector.GetSnapshot()).Message;
        Assert.Contains("diagnose by operator ops-anna", line, StringComparison.Ordinal);
        Assert.Contains("on i-1: 3 items, verdict current.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_request_is_a_problem_naming_the_field_and_is_audited_once()
    {
        var result = await endpoint.RunAsync(Request("/api/ops/parked"), "parked-list", _ =>
            Task.FromResult(OperatorAnswer.BadRequest("feishu_code must be an integer.", "feishu_code")));

        var problem = Problem(result, 400);
        Assert.Equal(("Bad Request", "feishu_code must be an integer.", "/api/ops/parked"), (problem.Title, problem.Detail, problem.Instance));
        Assert.Equal(new IngestProblem("feishu_code", "feishu_code must be an integer."), Assert.Single(problem.Problems));
        Assert.Contains("parked-list", Assert.Single(auditLog.Collector.GetSnapshot()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FeishuErrorKind.Transient, false, 502)]
    [InlineData(FeishuErrorKind.Permanent, false, 502)]
    [InlineData(FeishuErrorKind.Permanent, true, 400)]
    [InlineData(FeishuErrorKind.Auth, true, 502)]
    public async Task A_Feishu_failure_is_502_or_400_when_Feishu_judged_what_the_operator_sent(FeishuErrorKind kind, bool judgesRequest, int status)
    {
        var result = await endpoint.RunAsync(Request("/api/ops/approval-definition"), "approval-definition", call =>
        {
            call.Target = "APPROVAL-1";
            call.FeishuCall = new FeishuCallDescription("Publishing the definition to Feishu", "$", judgesRequest);
            throw new FeishuApiException(kind, 1390001, "param is invalid", "log-7", 400);
        });

        var problem = Problem(result, status);
        Assert.StartsWith($"Publishing the definition to Feishu failed ({kind}): code 1390001", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("log id log-7", problem.Detail, StringComparison.Ordinal);
        Assert.Equal("$", Assert.Single(problem.Problems).Path);
        var line = Assert.Single(auditLog.Collector.GetSnapshot()).Message;
        Assert.Contains("on APPROVAL-1: 0 items, Feishu failed", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_failure_is_a_500_problem_logged_as_an_error()
    {
        var result = await endpoint.RunAsync(Request("/api/ops/overview"), "overview", _ => throw new Azure.RequestFailedException(503, "storage unavailable"));

        Assert.Equal(ServerErrorProblems.Detail, Problem(result, 500).Detail);
        Assert.Equal(LogLevel.Error, Assert.Single(failureLog.Collector.GetSnapshot()).Level);
    }

    [Fact]
    public async Task A_body_is_read_as_json_and_a_wrong_content_type_is_415()
    {
        var read = await endpoint.RunAsync(Request("/api/ops/cleanup", """{"error":"x","field":"$.a"}""", "application/json"), "cleanup", async call =>
        {
            var (body, problem) = await call.ReadBodyAsync(OperationsJsonContext.Default.OperatorError, CancellationToken.None);
            return problem ?? OperatorAnswer.Ok(body!, 1, body!.Field ?? "-");
        });
        var refused = await endpoint.RunAsync(Request("/api/ops/cleanup", "{}", "text/plain"), "cleanup", async call =>
            (await call.ReadBodyAsync(OperationsJsonContext.Default.OperatorError, CancellationToken.None)).Problem!);

        Assert.Equal(200, Assert.IsType<JsonResult>(read).StatusCode);
        Assert.Equal("Content-Type", Assert.Single(Problem(refused, 415).Problems).Path);
        Assert.Equal(2, auditLog.Collector.Count);
    }

    private static ProblemBody Problem(IActionResult result, int status)
    {
        var json = Assert.IsType<JsonResult>(result);
        Assert.Equal((status, ProblemResults.ContentType), (json.StatusCode, json.ContentType));
        return Assert.IsType<ProblemBody>(json.Value);
    }

    private static HttpRequest Request(string path, string? body = null, string? contentType = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.Headers["x-operator"] = "ops-anna";
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Method = HttpMethods.Post;
            context.Request.ContentType = contentType;
            context.Request.ContentLength = bytes.Length;
            context.Request.Body = new MemoryStream(bytes);
        }

        return context.Request;
    }
}
