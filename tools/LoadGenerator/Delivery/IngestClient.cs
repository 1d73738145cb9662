using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Feishu.Json;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.LoadGenerator.Delivery;

/// <summary>
/// Sends one change to <c>POST {target}/api/instances</c> as a source system would, retrying 5xx and transport errors
/// with growing delays (a 5xx means nothing is durably stored, so the retry is what the contract asks for).
/// </summary>
/// <param name="firstRetryDelay">Delay before the first retry (doubled for each next one, up to 5 s); default 200 ms.</param>
internal sealed class IngestClient(
    HttpClient http, Uri target, string? functionKey, WebhookSigner? signer, int maxRetries, TimeProvider time, TimeSpan? firstRetryDelay = null)
{
    private const int ProblemLength = 400;
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(5);
    private readonly TimeSpan _firstRetryDelay = firstRetryDelay ?? TimeSpan.FromMilliseconds(200);
    private static readonly string[] Outcomes = ["queued", "stale", "duplicate"];
    private readonly Uri _endpoint = new(target, "api/instances");

    public async Task<SendResult> SendAsync(ExternalInstance body, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(body, FeishuJsonContext.Default.ExternalInstance);
        var messageId = $"msg_{Guid.NewGuid():N}";
        for (var attempt = 0; ; attempt++)
        {
            var started = time.GetTimestamp();
            string? transientProblem;
            try
            {
                using var request = BuildRequest(payload, messageId);
                using var response = await http.SendAsync(request, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                var latency = time.GetElapsedTime(started);
                var status = (int)response.StatusCode;
                if (status < 500)
                {
                    return Judge(response.StatusCode, text, body.InstanceId, latency, attempt);
                }

                transientProblem = $"HTTP {status}: {Shorten(text)}";
            }
            catch (HttpRequestException error)
            {
                transientProblem = $"transport error: {error.Message}";
            }
            catch (TaskCanceledException error) when (!cancellationToken.IsCancellationRequested)
            {
                transientProblem = $"timeout: {error.Message}";
            }

            if (attempt >= maxRetries)
            {
                return new SendResult(SendStatus.Failed, null, time.GetElapsedTime(started), attempt, transientProblem);
            }

            await Task.Delay(RetryDelay(attempt), time, cancellationToken);
        }
    }

    private HttpRequestMessage BuildRequest(byte[] payload, string messageId)
    {
        var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = content };
        if (!string.IsNullOrEmpty(functionKey))
        {
            request.Headers.Add("x-functions-key", functionKey);
        }

        // The same message id on every retry, as Standard Webhooks senders do; the timestamp is of this attempt.
        signer?.Sign(messageId, time.GetUtcNow(), payload).AddTo(request.Headers);

        return request;
    }

    private static SendResult Judge(HttpStatusCode statusCode, string text, string instanceId, TimeSpan latency, int retries)
    {
        var status = (int)statusCode;
        if (status is >= 400 and < 500)
        {
            return new SendResult(SendStatus.Rejected, null, latency, retries, $"HTTP {status}: {Shorten(text)}");
        }

        if (statusCode != HttpStatusCode.Accepted)
        {
            return new SendResult(SendStatus.Unexpected, null, latency, retries, $"HTTP {status} instead of 202: {Shorten(text)}");
        }

        IngestResponse? answer;
        try
        {
            answer = JsonSerializer.Deserialize(text, LoadGeneratorJsonContext.Default.IngestResponse);
        }
        catch (JsonException error)
        {
            return new SendResult(SendStatus.Unexpected, null, latency, retries, $"202 with a body that is not JSON ({error.Message}): {Shorten(text)}");
        }

        var problem = answer switch
        {
            null => "the body is null",
            { InstanceId: var id } when id != instanceId => $"instance_id is '{id}', expected '{instanceId}'",
            { Outcome: var outcome } when !Outcomes.Contains(outcome) => $"outcome is '{outcome}', expected queued, stale or duplicate",
            { DesiredVersion: null or < 1 } => $"desired_version is {answer.DesiredVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, expected 1 or more",
            _ => null,
        };
        return problem is null
            ? new SendResult(SendStatus.Accepted, answer!.Outcome, latency, retries, null)
            : new SendResult(SendStatus.Unexpected, null, latency, retries, $"202 but {problem}: {Shorten(text)}");
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var exponential = _firstRetryDelay * Math.Pow(2, Math.Min(attempt, 10));
        var capped = exponential < LongestRetryDelay ? exponential : LongestRetryDelay;
        return capped * (0.5 + (Random.Shared.NextDouble() / 2));
    }

    private static string Shorten(string text) =>
        text.Length <= ProblemLength ? text : string.Concat(text.AsSpan(0, ProblemLength), "…");
}
