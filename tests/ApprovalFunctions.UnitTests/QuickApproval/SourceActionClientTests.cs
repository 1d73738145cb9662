using System.Net;
using System.Text;
using ApprovalFunctions.UnitTests.FunctionApp;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.QuickApproval;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using static ApprovalFunctions.UnitTests.QuickApproval.QuickApprovalTestData;

namespace ApprovalFunctions.UnitTests.QuickApproval;

public sealed class SourceActionClientTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"type\":\"approval.task.action\",\"action_type\":\"APPROVE\"}");

    private readonly FakeTimeProvider clock = new(Now);

    private SourceActionClient Client(ScriptedSource source, CallbackOptions? options = null) =>
        new(new HttpClient(source) { Timeout = Timeout.InfiniteTimeSpan }, Wrap(options ?? Options()), clock);

    private WebhookSignatureVerifier Verifier(string secret) =>
        new(Microsoft.Extensions.Options.Options.Create(new IngestOptions { WebhookSecrets = secret }), clock);

    private static HeaderDictionary Headers(HttpRequestMessage request) => new(
        request.Headers.ToDictionary(h => h.Key, h => new Microsoft.Extensions.Primitives.StringValues([.. h.Value]), StringComparer.OrdinalIgnoreCase));

    [Fact]
    public async Task The_action_is_posted_as_JSON_signed_so_that_the_projects_verifier_accepts_it()
    {
        var source = new ScriptedSource(ScriptedSource.Always(HttpStatusCode.OK));

        var answer = await Client(source).SendAsync(Body, "qa_abc", CancellationToken.None);

        Assert.Equal(SourceOutcome.Accepted, answer.Outcome);
        var (request, body) = Assert.Single(source.Received);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri("https://erp.example.com/feishu/actions"), request.RequestUri);
        Assert.Equal("application/json; charset=utf-8", request.Content!.Headers.ContentType!.ToString());
        Assert.Equal(Body, body);
        Assert.Equal("qa_abc", request.Headers.GetValues(WebhookSignatureVerifier.IdHeader).Single());
        Assert.Empty(Verifier(SourceSecret).Verify(Headers(request), body));
        Assert.NotEmpty(Verifier(NextSourceSecret).Verify(Headers(request), body));
    }

    [Fact]
    public async Task With_two_secrets_configured_a_receiver_holding_either_one_verifies()
    {
        var source = new ScriptedSource(ScriptedSource.Always(HttpStatusCode.OK));
        var options = Options();
        options.SourceSecret = $"{SourceSecret} {NextSourceSecret}";

        await Client(source, options).SendAsync(Body, "qa_rotate", CancellationToken.None);

        var (request, body) = Assert.Single(source.Received);
        Assert.Empty(Verifier(SourceSecret).Verify(Headers(request), body));
        Assert.Empty(Verifier(NextSourceSecret).Verify(Headers(request), body));
    }

    [Fact]
    public async Task A_refusal_brings_the_sources_message_and_without_prefix()
    {
        var source = new ScriptedSource(ScriptedSource.Always(HttpStatusCode.Conflict, "{\"message\":\"  已经审批过了 Already approved  \",\"without_prefix\":true}"));

        var answer = await Client(source).SendAsync(Body, "qa_1", CancellationToken.None);

        Assert.Equal((SourceOutcome.Refused, 409, "已经审批过了 Already approved", (bool?)true), (answer.Outcome, answer.StatusCode, answer.Message, answer.WithoutPrefix));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"error\":\"no message field\"}")]
    [InlineData("{\"message\":42}")]
    [InlineData("{\"message\":\"   \"}")]
    [InlineData("")]
    public void A_refusal_without_a_usable_message_has_none(string answer)
    {
        Assert.Equal((null, null), SourceActionClient.ParseRefusal(Encoding.UTF8.GetBytes(answer)));
    }

    [Fact]
    public void A_long_message_is_cut_to_what_Feishu_can_show()
    {
        var (message, _) = SourceActionClient.ParseRefusal(Encoding.UTF8.GetBytes($"{{\"message\":\"{new string('m', 900)}\"}}"));

        Assert.Equal(500, message?.Length);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, SourceFailureKinds.ServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable, SourceFailureKinds.ServerError)]
    [InlineData(HttpStatusCode.TooManyRequests, SourceFailureKinds.Busy)]
    [InlineData(HttpStatusCode.RequestTimeout, SourceFailureKinds.Busy)]
    [InlineData(HttpStatusCode.Found, SourceFailureKinds.UnexpectedStatus)]
    public async Task Statuses_a_retry_may_fix_are_failures(HttpStatusCode status, string kind)
    {
        var source = new ScriptedSource(ScriptedSource.Always(status, "{\"message\":\"detail\"}"));

        var answer = await Client(source).SendAsync(Body, "qa_1", CancellationToken.None);

        Assert.Equal((SourceOutcome.Failed, kind, (int?)(int)status), (answer.Outcome, answer.FailureKind, answer.StatusCode));
    }

    [Fact]
    public async Task An_unreachable_source_is_a_failure()
    {
        var source = new ScriptedSource((_, _) => throw new HttpRequestException("connection refused"));

        var answer = await Client(source).SendAsync(Body, "qa_1", CancellationToken.None);

        Assert.Equal((SourceOutcome.Failed, SourceFailureKinds.Unreachable, (int?)null), (answer.Outcome, answer.FailureKind, answer.StatusCode));
    }

    [Fact]
    public async Task A_source_slower_than_the_timeout_is_given_up_on_the_injected_clock()
    {
        var source = new ScriptedSource(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return ScriptedSource.Answer(HttpStatusCode.OK);
        });
        var sending = Client(source, Options(timeout: TimeSpan.FromSeconds(4))).SendAsync(Body, "qa_1", CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(3.9));
        await Task.Delay(50);
        Assert.False(sending.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        var answer = await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((SourceOutcome.Failed, SourceFailureKinds.Timeout), (answer.Outcome, answer.FailureKind));
        Assert.Equal(TimeSpan.FromSeconds(4.1), answer.Duration);
    }
}
