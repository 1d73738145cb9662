using System.Net;
using System.Text;
using ApprovalFunctions.Feishu.Client;

namespace ApprovalFunctions.UnitTests.Feishu.Support;

/// <summary>A request as the fake Feishu saw it.</summary>
public sealed record CapturedRequest(HttpMethod Method, string Path, string Query, string? Authorization, string? Body, DateTimeOffset At);

/// <summary>
/// A fake Feishu: answers the token call with fresh tokens ("t-token-1", "t-token-2", ...) unless scripted
/// otherwise, and answers approval calls from a script, then with code 0. Records every request.
/// </summary>
public sealed class ScriptedFeishuHandler(TimeProvider time) : HttpMessageHandler
{
    public const string TokenPath = "/" + FeishuApiPaths.TenantAccessToken;

    private readonly Lock gate = new();
    private readonly Queue<Func<CapturedRequest, CancellationToken, Task<HttpResponseMessage>>> apiScript = new();
    private readonly Queue<Func<CapturedRequest, CancellationToken, Task<HttpResponseMessage>>> tokenScript = new();
    private readonly List<CapturedRequest> apiRequests = [];
    private readonly List<CapturedRequest> tokenRequests = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> apiWaiters = [];
    private int tokensIssued;

    public IReadOnlyList<CapturedRequest> ApiRequests
    {
        get
        {
            lock (gate)
            {
                return [.. apiRequests];
            }
        }
    }

    public IReadOnlyList<CapturedRequest> TokenRequests
    {
        get
        {
            lock (gate)
            {
                return [.. tokenRequests];
            }
        }
    }

    /// <summary>Seconds each issued token lives (Feishu's "expire").</summary>
    public int TokenExpireSeconds { get; set; } = 7200;

    /// <summary>Answers the next approval calls, in order.</summary>
    public ScriptedFeishuHandler ThenApi(params Func<CapturedRequest, CancellationToken, Task<HttpResponseMessage>>[] responders)
    {
        lock (gate)
        {
            foreach (var responder in responders)
            {
                apiScript.Enqueue(responder);
            }
        }

        return this;
    }

    public ScriptedFeishuHandler ThenApi(params Func<HttpResponseMessage>[] responses) =>
        ThenApi([.. responses.Select(response => (Func<CapturedRequest, CancellationToken, Task<HttpResponseMessage>>)((_, _) => Task.FromResult(response())))]);

    /// <summary>Answers the next token calls, in order; afterwards tokens are issued again.</summary>
    public ScriptedFeishuHandler ThenToken(params Func<CapturedRequest, CancellationToken, Task<HttpResponseMessage>>[] responders)
    {
        lock (gate)
        {
            foreach (var responder in responders)
            {
                tokenScript.Enqueue(responder);
            }
        }

        return this;
    }

    public ScriptedFeishuHandler ThenToken(params Func<HttpResponseMessage>[] responses) =>
        ThenToken([.. responses.Select(response => (Func<CapturedRequest, CancellationToken, Task<HttpResponseMessage>>)((_, _) => Task.FromResult(response())))]);

    /// <summary>Completes once at least <paramref name="count"/> approval requests have arrived.</summary>
    public Task WaitForApiRequestsAsync(int count)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (apiRequests.Count >= count)
            {
                return Task.CompletedTask;
            }

            apiWaiters.Add((count, signal));
        }

        return signal.Task.WaitAsync(TestTimeouts.Signal);
    }

    private static bool IsTokenCall(CapturedRequest request) => request.Path.EndsWith(TokenPath, StringComparison.Ordinal);

    public string IssueToken() => "t-token-" + Interlocked.Increment(ref tokensIssued);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var captured = new CapturedRequest(
            request.Method,
            request.RequestUri!.AbsolutePath,
            request.RequestUri.Query.TrimStart('?'),
            request.Headers.Authorization?.ToString(),
            body,
            time.GetUtcNow());

        Func<CapturedRequest, CancellationToken, Task<HttpResponseMessage>>? responder;
        List<TaskCompletionSource> reached = [];
        lock (gate)
        {
            if (IsTokenCall(captured))
            {
                tokenRequests.Add(captured);
                tokenScript.TryDequeue(out responder);
            }
            else
            {
                apiRequests.Add(captured);
                apiScript.TryDequeue(out responder);
                for (var i = apiWaiters.Count - 1; i >= 0; i--)
                {
                    if (apiRequests.Count >= apiWaiters[i].Count)
                    {
                        reached.Add(apiWaiters[i].Signal);
                        apiWaiters.RemoveAt(i);
                    }
                }
            }
        }

        reached.ForEach(signal => signal.TrySetResult());
        if (responder is not null)
        {
            return await responder(captured, cancellationToken);
        }

        return IsTokenCall(captured)
            ? FeishuResponses.Token(IssueToken(), TokenExpireSeconds)
            : FeishuResponses.Success("{}");
    }
}

/// <summary>Feishu-shaped responses.</summary>
public static class FeishuResponses
{
    public static HttpResponseMessage Json(HttpStatusCode status, string json, string? logId = "log-id-1", int? rateLimitResetSeconds = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (logId is not null)
        {
            response.Headers.Add("X-Tt-Logid", logId);
        }

        if (rateLimitResetSeconds is { } reset)
        {
            response.Headers.Add("x-ogw-ratelimit-limit", "50");
            response.Headers.Add("x-ogw-ratelimit-reset", reset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return response;
    }

    public static HttpResponseMessage Success(string dataJson, string? logId = "log-id-ok") =>
        Json(HttpStatusCode.OK, """{"code":0,"msg":"success","data":""" + dataJson + "}", logId);

    public static HttpResponseMessage Error(int code, string msg, HttpStatusCode status = HttpStatusCode.BadRequest, string? logId = "log-id-err", int? rateLimitResetSeconds = null) =>
        Json(status, $$"""{"code":{{code}},"data":{},"msg":"{{msg}}"}""", logId, rateLimitResetSeconds);

    public static HttpResponseMessage Token(string token, int expireSeconds) =>
        Json(HttpStatusCode.OK, $$"""{"code":0,"expire":{{expireSeconds}},"msg":"ok","tenant_access_token":"{{token}}"}""", "log-id-token");

    public static HttpResponseMessage TokenError(int code, string msg) =>
        Json(HttpStatusCode.BadRequest, $$"""{"code":{{code}},"msg":"{{msg}}"}""", "log-id-token-err");

    public static HttpResponseMessage Plain(HttpStatusCode status, string text) =>
        new(status) { Content = new StringContent(text, Encoding.UTF8, "text/html") };
}
