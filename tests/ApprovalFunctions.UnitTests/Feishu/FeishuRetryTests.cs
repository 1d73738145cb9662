using System.Net;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.UnitTests.Feishu.Support;

namespace ApprovalFunctions.UnitTests.Feishu;

public sealed class FeishuRetryTests
{
    public static TheoryData<string> TransientFailures => ["http 500", "http 503", "code 2200", "code 1395001", "too frequent 1390014", "transport error", "truncated body"];

    [Theory]
    [MemberData(nameof(TransientFailures))]
    public async Task Transient_failure_is_retried_and_the_call_then_succeeds(string failure)
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.ThenApi(Respond(failure));

        var result = await harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);

        Assert.Equal("log-id-ok", result.LogId);
        Assert.Equal(2, harness.Handler.ApiRequests.Count);
    }

    [Theory]
    [MemberData(nameof(TransientFailures))]
    public async Task Transient_failure_that_persists_fails_as_Transient_after_MaxRetries(string failure)
    {
        await using var harness = FeishuClientHarness.Create(("MaxRetries", "2"));
        harness.Handler.ThenApi(Respond(failure), Respond(failure), Respond(failure), Respond(failure));

        var error = await Assert.ThrowsAsync<FeishuApiException>(() => harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default));

        Assert.Equal(FeishuErrorKind.Transient, error.Kind);
        Assert.Equal(3, harness.Handler.ApiRequests.Count);
    }

    [Fact]
    public async Task Timeout_of_an_attempt_is_retried_and_the_call_then_succeeds()
    {
        await using var harness = FeishuClientHarness.Create(("RequestTimeout", "00:00:07"));
        harness.Handler.ThenApi(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });

        var call = harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);
        await harness.Handler.WaitForApiRequestsAsync(1);
        await harness.Time.WaitForOneShotTimerAsync(TimeSpan.FromSeconds(7));
        harness.Time.Advance(TimeSpan.FromSeconds(7));
        var result = await call.WaitAsync(TestTimeouts.Signal);

        Assert.Equal("log-id-ok", result.LogId);
        Assert.Equal(2, harness.Handler.ApiRequests.Count);
    }

    [Fact]
    public async Task Timeouts_that_persist_fail_as_Transient_without_a_Feishu_code()
    {
        await using var harness = FeishuClientHarness.Create(("RequestTimeout", "00:00:07"), ("MaxRetries", "1"));
        for (var i = 0; i < 2; i++)
        {
            harness.Handler.ThenApi(async (_, cancellationToken) =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                throw new InvalidOperationException("unreachable");
            });
        }

        var call = harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await harness.Handler.WaitForApiRequestsAsync(attempt + 1);
            await harness.Time.WaitForOneShotTimerAsync(TimeSpan.FromSeconds(7), skipExisting: attempt);
            harness.Time.Advance(TimeSpan.FromSeconds(7));
        }

        var error = await Assert.ThrowsAsync<FeishuApiException>(() => call.WaitAsync(TestTimeouts.Signal));
        Assert.Equal(FeishuErrorKind.Transient, error.Kind);
        Assert.Null(error.Code);
        Assert.Null(error.HttpStatus);
        Assert.Contains("7 s", error.FeishuMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Param_invalid_is_not_retried_and_fails_as_Permanent_with_msg_and_log_id()
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.ThenApi(() => FeishuResponses.Error(FeishuErrorCodes.ParamInvalid, "param is invalid: links.pc_link", logId: "202611251234abcd"));

        var error = await Assert.ThrowsAsync<FeishuApiException>(() => harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default));

        Assert.Single(harness.Handler.ApiRequests);
        Assert.Equal(FeishuErrorKind.Permanent, error.Kind);
        Assert.Equal(FeishuErrorCodes.ParamInvalid, error.Code);
        Assert.Equal("param is invalid: links.pc_link", error.FeishuMessage);
        Assert.Equal("202611251234abcd", error.LogId);
        Assert.Equal(400, error.HttpStatus);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task Monthly_quota_exhausted_fails_as_Quota_without_retry()
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.ThenApi(() => FeishuResponses.Error(FeishuErrorCodes.MonthlyQuotaExhausted, "quota exceeded", HttpStatusCode.Forbidden));

        var error = await Assert.ThrowsAsync<FeishuApiException>(() => harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default));

        Assert.Equal(FeishuErrorKind.Quota, error.Kind);
        Assert.Single(harness.Handler.ApiRequests);
    }

    [Fact]
    public async Task Body_code_decides_over_the_HTTP_status()
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.ThenApi(() => FeishuResponses.Json(HttpStatusCode.OK, """{"code":1390001,"msg":"param is invalid","data":{}}"""));

        var error = await Assert.ThrowsAsync<FeishuApiException>(() => harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default));

        Assert.Equal(FeishuErrorKind.Permanent, error.Kind);
        Assert.Equal(200, error.HttpStatus);
    }

    [Fact]
    public async Task Rate_limited_call_waits_for_the_reset_Feishu_gives_then_succeeds()
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.ThenApi(() => FeishuResponses.Error(FeishuErrorCodes.RateLimited, "too many request", HttpStatusCode.TooManyRequests, rateLimitResetSeconds: 3));
        using var feishuWaits = harness.Metric(FeishuMetrics.RateLimitWaits);
        var start = harness.Time.GetUtcNow();

        var call = harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);
        await harness.Time.WaitForOneShotTimerAsync(TimeSpan.FromSeconds(3));
        harness.Time.Advance(TimeSpan.FromSeconds(3) - TimeSpan.FromMilliseconds(1));
        var requestsBeforeTheReset = harness.Handler.ApiRequests.Count;
        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        await call.WaitAsync(TestTimeouts.Signal);

        Assert.Equal(1, requestsBeforeTheReset);
        Assert.Equal(2, harness.Handler.ApiRequests.Count);
        Assert.Equal(start + TimeSpan.FromSeconds(3), harness.Handler.ApiRequests[1].At);
        var wait = Assert.Single(feishuWaits.GetMeasurementSnapshot());
        Assert.Equal("feishu", wait.Tags["source"]);
    }

    [Fact]
    public async Task Rate_limit_code_on_HTTP_400_is_honoured_like_429()
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.ThenApi(() => FeishuResponses.Error(FeishuErrorCodes.RateLimited, "request trigger frequency limit", HttpStatusCode.BadRequest, rateLimitResetSeconds: 2));

        var call = harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);
        await harness.Time.WaitForOneShotTimerAsync(TimeSpan.FromSeconds(2));
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        await call.WaitAsync(TestTimeouts.Signal);

        Assert.Equal(2, harness.Handler.ApiRequests.Count);
    }

    [Fact]
    public async Task Rate_limit_reset_beyond_MaxRateLimitWait_fails_at_once_as_Transient_with_RetryAfter()
    {
        await using var harness = FeishuClientHarness.Create(("MaxRateLimitWait", "00:00:10"));
        harness.Handler.ThenApi(() => FeishuResponses.Error(FeishuErrorCodes.RateLimited, "too many request", HttpStatusCode.TooManyRequests, logId: "log-429", rateLimitResetSeconds: 45));

        var error = await Assert.ThrowsAsync<FeishuApiException>(() => harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default));

        Assert.Single(harness.Handler.ApiRequests);
        Assert.Equal(FeishuErrorKind.Transient, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(45), error.RetryAfter);
        Assert.Equal(FeishuErrorCodes.RateLimited, error.Code);
        Assert.Equal(429, error.HttpStatus);
        Assert.Equal("log-429", error.LogId);
    }

    [Fact]
    public async Task Backoff_waits_on_the_clock_before_the_retry()
    {
        await using var harness = FeishuClientHarness.Create(("RetryBaseDelay", "00:00:00.200"));
        harness.Handler.ThenApi(() => FeishuResponses.Error(FeishuErrorCodes.InternalError, "internal error", HttpStatusCode.InternalServerError));

        var call = harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);
        var backoff = await harness.Time.WaitForOneShotTimerAsync(due => due > TimeSpan.Zero && due != TimeSpan.FromSeconds(10));
        var requestsDuringBackoff = harness.Handler.ApiRequests.Count;
        harness.Time.Advance(backoff);
        await call.WaitAsync(TestTimeouts.Signal);

        Assert.Equal(1, requestsDuringBackoff);
        Assert.InRange(backoff, TimeSpan.FromTicks(1), FeishuRetryPipeline.MaxBackoff);
        Assert.Equal(2, harness.Handler.ApiRequests.Count);
    }

    [Fact]
    public async Task Caller_cancellation_surfaces_as_OperationCanceledException_not_as_a_Feishu_failure()
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.ThenApi(() => FeishuResponses.Error(FeishuErrorCodes.RateLimited, "too many request", HttpStatusCode.TooManyRequests, rateLimitResetSeconds: 5));
        using var cancellation = new CancellationTokenSource();

        var call = harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), cancellation.Token);
        await harness.Time.WaitForOneShotTimerAsync(TimeSpan.FromSeconds(5));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TestTimeouts.Signal));
        Assert.Single(harness.Handler.ApiRequests);
    }

    [Fact]
    public async Task Caller_cancellation_during_a_request_is_not_classified_as_a_timeout()
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.ThenApi(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });
        using var cancellation = new CancellationTokenSource();

        var call = harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), cancellation.Token);
        await harness.Handler.WaitForApiRequestsAsync(1);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TestTimeouts.Signal));
        Assert.Single(harness.Handler.ApiRequests);
    }

    private static Func<CapturedRequest, CancellationToken, Task<HttpResponseMessage>> Respond(string failure) => failure switch
    {
        "http 500" => (_, _) => Task.FromResult(FeishuResponses.Plain(HttpStatusCode.InternalServerError, "<html>error</html>")),
        "http 503" => (_, _) => Task.FromResult(FeishuResponses.Plain(HttpStatusCode.ServiceUnavailable, "")),
        "code 2200" => (_, _) => Task.FromResult(FeishuResponses.Error(FeishuErrorCodes.InternalError, "internal error", HttpStatusCode.InternalServerError)),
        "code 1395001" => (_, _) => Task.FromResult(FeishuResponses.Error(FeishuErrorCodes.TryAgainLater, "try again later")),
        "too frequent 1390014" => (_, _) => Task.FromResult(FeishuResponses.Error(FeishuErrorCodes.TenantNotFoundOrTooFrequent, "sync too frequently")),
        "transport error" => (_, _) => Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused (feishu.test:443)")),
        "truncated body" => (_, _) => Task.FromResult(FeishuResponses.Json(HttpStatusCode.OK, """{"code":0,"msg":"succ""")),
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
    };
}
