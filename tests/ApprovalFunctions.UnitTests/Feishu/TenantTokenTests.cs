using System.Net;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.UnitTests.Feishu.Support;

namespace ApprovalFunctions.UnitTests.Feishu;

public sealed class TenantTokenTests
{
    [Fact]
    public async Task Token_is_cached_until_three_minutes_before_it_expires_then_refreshed()
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.TokenExpireSeconds = 7200;

        await harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);
        harness.Time.Advance(TimeSpan.FromSeconds(7200 - 180) - TimeSpan.FromMilliseconds(1));
        await harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);

        Assert.Single(harness.Handler.TokenRequests);

        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        await harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);

        Assert.Equal(2, harness.Handler.TokenRequests.Count);
        Assert.Equal(["Bearer t-token-1", "Bearer t-token-1", "Bearer t-token-2"], harness.Handler.ApiRequests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Token_request_carries_app_id_and_secret_as_Feishu_expects()
    {
        await using var harness = FeishuClientHarness.Create();

        await harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);

        var tokenRequest = Assert.Single(harness.Handler.TokenRequests);
        Assert.Equal(HttpMethod.Post, tokenRequest.Method);
        Assert.Null(tokenRequest.Authorization);
        Assert.Equal($$"""{"app_id":"{{FeishuClientHarness.AppId}}","app_secret":"{{FeishuClientHarness.AppSecret}}"}""", tokenRequest.Body);
    }

    [Fact]
    public async Task Fifty_concurrent_calls_share_one_token_request()
    {
        await using var harness = FeishuClientHarness.Create();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Handler.ThenToken(async (_, _) =>
        {
            await release.Task;
            return FeishuResponses.Token("t-shared", 7200);
        });
        var client = harness.Client;

        var calls = Enumerable.Range(0, 50).Select(i => client.SyncInstanceAsync(FeishuClientHarness.Instance($"inst-{i}"), default)).ToList();
        var tokenRequestsWhileWaiting = harness.Handler.TokenRequests.Count;
        release.SetResult();
        await Task.WhenAll(calls).WaitAsync(TestTimeouts.Signal);

        Assert.Equal(1, tokenRequestsWhileWaiting);
        Assert.Single(harness.Handler.TokenRequests);
        Assert.Equal(50, harness.Handler.ApiRequests.Count);
        Assert.All(harness.Handler.ApiRequests, request => Assert.Equal("Bearer t-shared", request.Authorization));
    }

    [Theory]
    [InlineData(FeishuErrorCodes.MissingAccessToken)]
    [InlineData(FeishuErrorCodes.InvalidTenantToken)]
    [InlineData(FeishuErrorCodes.ExpiredTenantToken)]
    [InlineData(FeishuErrorCodes.MalformedAccessToken)]
    public async Task Rejected_token_is_dropped_refreshed_and_the_call_retried_once(int code)
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.ThenApi(() => FeishuResponses.Error(code, "invalid access token", HttpStatusCode.BadRequest));

        var result = await harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);

        Assert.Equal("log-id-ok", result.LogId);
        Assert.Equal(2, harness.Handler.TokenRequests.Count);
        Assert.Equal(["Bearer t-token-1", "Bearer t-token-2"], harness.Handler.ApiRequests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Token_rejected_again_after_the_refresh_fails_as_Auth_without_more_retries()
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.ThenApi(
            () => FeishuResponses.Error(FeishuErrorCodes.InvalidTenantToken, "invalid tenant token", logId: "log-a"),
            () => FeishuResponses.Error(FeishuErrorCodes.InvalidTenantToken, "invalid tenant token", logId: "log-b"));

        var error = await Assert.ThrowsAsync<FeishuApiException>(() => harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default));

        Assert.Equal(FeishuErrorKind.Auth, error.Kind);
        Assert.Equal(FeishuErrorCodes.InvalidTenantToken, error.Code);
        Assert.Equal("log-b", error.LogId);
        Assert.Equal(2, harness.Handler.TokenRequests.Count);
        Assert.Equal(2, harness.Handler.ApiRequests.Count);
    }

    [Theory]
    [InlineData(FeishuErrorCodes.AppDisabled)]
    [InlineData(FeishuErrorCodes.WrongSecret)]
    public async Task Token_call_refused_for_the_app_fails_as_Auth_and_is_not_retried(int code)
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.ThenToken(() => FeishuResponses.TokenError(code, "app secret invalid"));

        var error = await Assert.ThrowsAsync<FeishuApiException>(() => harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default));

        Assert.Equal(FeishuErrorKind.Auth, error.Kind);
        Assert.Equal(code, error.Code);
        Assert.Equal("app secret invalid", error.FeishuMessage);
        Assert.Equal("log-id-token-err", error.LogId);
        Assert.Single(harness.Handler.TokenRequests);
        Assert.Empty(harness.Handler.ApiRequests);
    }

    [Fact]
    public async Task Token_call_that_fails_transiently_is_retried_by_the_call()
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.ThenToken(() => FeishuResponses.Plain(HttpStatusCode.BadGateway, "<html>bad gateway</html>"));

        await harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);

        Assert.Equal(2, harness.Handler.TokenRequests.Count);
        Assert.Equal("Bearer t-token-1", Assert.Single(harness.Handler.ApiRequests).Authorization);
    }

    [Fact]
    public async Task Token_with_less_than_the_margin_left_serves_the_waiting_call_but_is_not_cached()
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.TokenExpireSeconds = 120;

        await harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);
        await harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);

        Assert.Equal(2, harness.Handler.TokenRequests.Count);
        Assert.Equal(["Bearer t-token-1", "Bearer t-token-2"], harness.Handler.ApiRequests.Select(r => r.Authorization));
    }
}
