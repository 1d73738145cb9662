using System.Diagnostics.Metrics;
using System.Net;
using ApprovalFunctions.UnitTests.FunctionApp;
using ApprovalFunctions.Core.QuickApproval;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static ApprovalFunctions.UnitTests.QuickApproval.QuickApprovalTestData;

namespace ApprovalFunctions.UnitTests.QuickApproval;

public sealed class QuickActionRelayTests : IDisposable
{
    private readonly ServiceProvider meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Mock<IQuickActionLog> actionLog = new();
    private readonly FakeTimeProvider clock = new(Now);

    public void Dispose() => meters.Dispose();

    private QuickActionRelay Relay(ScriptedSource source, CallbackOptions options)
    {
        var wrapped = Wrap(options);
        return new QuickActionRelay(
            new FeishuCallbackReader(wrapped),
            new SourceActionClient(new HttpClient(source), wrapped, clock),
            actionLog.Object,
            new QuickActionMetrics(meters.GetRequiredService<IMeterFactory>()),
            wrapped,
            clock,
            NullLogger<QuickActionRelay>.Instance);
    }

    private static HttpRequest Request(byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(body);
        return context.Request;
    }

    [Fact]
    public async Task Not_configured_answers_a_clear_404_and_relays_nothing()
    {
        var source = new ScriptedSource(ScriptedSource.Always(HttpStatusCode.OK));
        var options = Options();
        options.SourceUrl = null;

        var (status, body) = await Relay(source, options).HandleAsync(Request(Plain(Callback())), CancellationToken.None);

        Assert.Equal(404, status);
        Assert.Equal(FeishuCallbackAnswer.NotConfigured, body.Message);
        Assert.Contains("Callback:SourceUrl", body.Field, StringComparison.Ordinal);
        Assert.Empty(source.Received);
        actionLog.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_wrong_token_is_401_relays_nothing_records_nothing_and_is_counted()
    {
        var source = new ScriptedSource(ScriptedSource.Always(HttpStatusCode.OK));
        using var refused = new MetricCollector<long>(meters.GetRequiredService<IMeterFactory>(), "ApprovalFunctions", "approvalfunctions.callback.refused_requests");

        var (status, _) = await Relay(source, Options()).HandleAsync(Request(Plain(Callback(c => c["token"] = "nope"))), CancellationToken.None);

        Assert.Equal(401, status);
        Assert.Empty(source.Received);
        actionLog.VerifyNoOtherCalls();
        Assert.Equal(401, Assert.Single(refused.GetMeasurementSnapshot()).Tags["status"]);
    }

    [Fact]
    public async Task An_accepted_action_is_recorded_without_personal_data_and_Feishu_gets_success()
    {
        QuickActionRecord? recorded = null;
        actionLog.Setup(l => l.RecordAsync(It.IsAny<QuickActionRecord>(), It.IsAny<CancellationToken>()))
            .Callback<QuickActionRecord, CancellationToken>((r, _) => recorded = r)
            .Returns(Task.CompletedTask);
        var source = new ScriptedSource(ScriptedSource.Always(HttpStatusCode.OK));

        var (status, body) = await Relay(source, Options(key: Key)).HandleAsync(Request(Encrypted(Callback())), CancellationToken.None);

        Assert.Equal((200, 0), (status, body.Code));
        Assert.Single(source.Received);
        Assert.NotNull(recorded);
        Assert.Equal(("PR-1", "PR-1-T2", "APPROVE", "accepted", (int?)200, 200, Now), (recorded.InstanceId, recorded.TaskId, recorded.ActionType, recorded.Outcome, recorded.SourceStatus, recorded.FeishuStatus, recorded.ReceivedAt));
        Assert.Equal(QuickActionKeys.WebhookId(Parsed()), recorded.WebhookId);
        var stored = System.Text.Json.JsonSerializer.Serialize(recorded, ApprovalFunctions.Core.Operations.OperationsJsonContext.Default.Options);
        Assert.DoesNotContain("ou_approver", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("fine by me", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_failure_after_the_source_answered_still_gives_Feishu_that_answer()
    {
        actionLog.Setup(l => l.RecordAsync(It.IsAny<QuickActionRecord>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(503, "storage down"));
        using var failures = new MetricCollector<long>(meters.GetRequiredService<IMeterFactory>(), "ApprovalFunctions", "approvalfunctions.callback.record_failures");
        var source = new ScriptedSource(ScriptedSource.Always(HttpStatusCode.Conflict, "{\"message\":\"已驳回 Already rejected\"}"));

        var (status, body) = await Relay(source, Options()).HandleAsync(Request(Plain(Callback())), CancellationToken.None);

        Assert.Equal((409, "已驳回 Already rejected"), (status, body.Message));
        Assert.Single(failures.GetMeasurementSnapshot());
    }
}
