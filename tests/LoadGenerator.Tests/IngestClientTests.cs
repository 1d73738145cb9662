using System.Net;
using System.Text;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.LoadGenerator.Delivery;
using ApprovalFunctions.LoadGenerator.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace ApprovalFunctions.LoadGenerator.Tests;

public sealed class IngestClientTests
{
    private static readonly SourceChange Change =
        new WorkflowSimulator(new WorkflowSettings("lgclient", 1, 8, 1_790_000_000_000)).Simulate(0).Changes[0];

    private static string Accepted(string outcome = "queued", string? instanceId = null) =>
        $$"""{"instance_id":"{{instanceId ?? Change.InstanceId}}","outcome":"{{outcome}}","desired_version":1}""";

    private static async Task<(SendResult Result, ScriptedHandler Handler)> SendAsync(int maxRetries, string? functionKey, params Func<HttpResponseMessage>[] answers)
    {
        var handler = new ScriptedHandler(answers);
        using var http = new HttpClient(handler);
        var client = new IngestClient(http, new Uri("http://127.0.0.1:7071/"), functionKey, signer: null, maxRetries, TimeProvider.System, firstRetryDelay: TimeSpan.Zero);
        return (await client.SendAsync(Change.Body, CancellationToken.None), handler);
    }

    private static Func<HttpResponseMessage> Answer(HttpStatusCode status, string body) =>
        () => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    [Theory]
    [InlineData("queued")]
    [InlineData("stale")]
    [InlineData("duplicate")]
    public async Task A_202_with_a_documented_outcome_is_accepted(string outcome)
    {
        var (result, handler) = await SendAsync(3, "key-1", Answer(HttpStatusCode.Accepted, Accepted(outcome)));

        Assert.Equal(SendStatus.Accepted, result.Status);
        Assert.Equal(outcome, result.Outcome);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://127.0.0.1:7071/api/instances", request.Uri);
        Assert.Equal("key-1", request.FunctionKey);
        Assert.Equal("application/json", request.ContentType);
        Assert.Contains("\"update_mode\":\"REPLACE\"", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_and_transport_errors_are_retried_and_counted()
    {
        var (result, handler) = await SendAsync(
            3,
            null,
            Answer(HttpStatusCode.ServiceUnavailable, "busy"),
            () => throw new HttpRequestException("connection refused"),
            Answer(HttpStatusCode.Accepted, Accepted("duplicate")));

        Assert.Equal(SendStatus.Accepted, result.Status);
        Assert.Equal(2, result.Retries);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Null(handler.Requests[0].FunctionKey);
    }

    [Fact]
    public async Task A_server_error_after_every_retry_is_a_failure()
    {
        var (result, handler) = await SendAsync(2, null, Answer(HttpStatusCode.InternalServerError, "storage down"));

        Assert.Equal(SendStatus.Failed, result.Status);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Contains("storage down", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_4xx_is_a_rejection_with_the_problems_and_is_not_retried()
    {
        var body = """{"type":"about:blank","title":"Bad Request","status":400,"detail":"The request is not a valid Feishu third-party instance.","instance":"/api/instances","problems":[{"path":"$.task_list[0].update_time","message":"must be digits"}]}""";
        var (result, handler) = await SendAsync(3, null, Answer(HttpStatusCode.BadRequest, body));

        Assert.Equal(SendStatus.Rejected, result.Status);
        Assert.Single(handler.Requests);
        Assert.Contains("$.task_list[0].update_time", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, "{}")]
    [InlineData(HttpStatusCode.Accepted, "not json")]
    [InlineData(HttpStatusCode.Accepted, """{"instance_id":"someone-else","outcome":"queued","desired_version":1}""")]
    [InlineData(HttpStatusCode.Accepted, """{"outcome":"applied","desired_version":1}""")]
    public async Task An_answer_other_than_the_documented_one_is_unexpected(HttpStatusCode status, string body)
    {
        var answer = body.StartsWith("{\"outcome", StringComparison.Ordinal) ? body.Replace("{", $$"""{"instance_id":"{{Change.InstanceId}}",""", StringComparison.Ordinal) : body;
        var (result, _) = await SendAsync(3, null, Answer(status, answer));

        Assert.Equal(SendStatus.Unexpected, result.Status);
        Assert.NotNull(result.Problem);
    }

    [Fact]
    public async Task A_signed_request_carries_the_standard_webhooks_headers()
    {
        var handler = new ScriptedHandler([Answer(HttpStatusCode.Accepted, Accepted())]);
        using var http = new HttpClient(handler);
        var signer = WebhookSigner.FromSecrets("whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef")), "--webhook-secret");
        var sentAt = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var client = new IngestClient(http, new Uri("http://127.0.0.1:7071/"), null, signer, 0, new FakeTimeProvider(sentAt));

        await client.SendAsync(Change.Body, CancellationToken.None);

        // The app's signer over exactly the bytes sent, this message's id and the time of sending.
        var request = Assert.Single(handler.Requests);
        Assert.StartsWith("msg_", request.Headers["webhook-id"], StringComparison.Ordinal);
        var expected = signer.Sign(request.Headers["webhook-id"], sentAt, Encoding.UTF8.GetBytes(request.Body));
        Assert.Equal(expected.Timestamp, request.Headers["webhook-timestamp"]);
        Assert.Equal(expected.Signature, request.Headers["webhook-signature"]);
    }

    private sealed record SeenRequest(string Uri, string? FunctionKey, string? ContentType, string Body, Dictionary<string, string> Headers);

    /// <summary>Answers with the scripted responses in turn, repeating the last one.</summary>
    private sealed class ScriptedHandler(Func<HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        public List<SeenRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            Requests.Add(new SeenRequest(
                request.RequestUri!.ToString(),
                request.Headers.TryGetValues("x-functions-key", out var keys) ? keys.Single() : null,
                request.Content.Headers.ContentType?.MediaType,
                body,
                request.Headers.ToDictionary(h => h.Key, h => string.Join(',', h.Value), StringComparer.OrdinalIgnoreCase)));
            return answers[Math.Min(Requests.Count - 1, answers.Length - 1)]();
        }
    }
}
