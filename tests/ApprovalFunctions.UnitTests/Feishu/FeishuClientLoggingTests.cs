using System.Net;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.UnitTests.Feishu.Support;
using Microsoft.Extensions.Logging;

namespace ApprovalFunctions.UnitTests.Feishu;

public sealed class FeishuClientLoggingTests
{
    [Fact]
    public async Task Failed_attempt_and_final_failure_are_logged_with_path_code_log_id_and_attempt()
    {
        await using var harness = FeishuClientHarness.Create(("MaxRetries", "1"));
        harness.Handler.ThenApi(
            () => FeishuResponses.Error(FeishuErrorCodes.TryAgainLater, "try again later", logId: "log-first"),
            () => FeishuResponses.Error(FeishuErrorCodes.TryAgainLater, "try again later", logId: "log-second"));

        await Assert.ThrowsAsync<FeishuApiException>(() => harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default));

        var records = harness.Logs.GetSnapshot().Where(r => r.Category == typeof(FeishuApprovalClient).FullName).ToList();
        Assert.Equal(3, records.Count);
        var first = records[0];
        Assert.Equal(LogLevel.Warning, first.Level);
        Assert.Equal(FeishuApiPaths.ExternalInstances, first.GetStructuredStateValue("Path"));
        Assert.Equal("1395001", first.GetStructuredStateValue("FeishuCode"));
        Assert.Equal("log-first", first.GetStructuredStateValue("LogId"));
        Assert.Equal("1", first.GetStructuredStateValue("Attempt"));
        Assert.Equal("retry after backoff", first.GetStructuredStateValue("NextStep"));
        Assert.Equal("2", records[1].GetStructuredStateValue("Attempt"));
        Assert.Equal("give up", records[1].GetStructuredStateValue("NextStep"));
        var final = records[2];
        Assert.Equal("log-second", final.GetStructuredStateValue("LogId"));
        Assert.Equal("2", final.GetStructuredStateValue("Attempts"));
        Assert.Equal("Transient", final.GetStructuredStateValue("ErrorKind"));
    }

    [Fact]
    public async Task Permanent_failure_is_logged_as_an_error()
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.ThenApi(() => FeishuResponses.Error(FeishuErrorCodes.ParamInvalid, "param is invalid"));

        await Assert.ThrowsAsync<FeishuApiException>(() => harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default));

        var final = harness.Logs.LatestRecord;
        Assert.Equal(LogLevel.Error, final.Level);
        Assert.Equal("Permanent", final.GetStructuredStateValue("ErrorKind"));
        Assert.Equal("param is invalid", final.GetStructuredStateValue("FeishuMessage"));
    }

    [Fact]
    public async Task App_secret_tokens_and_query_strings_never_reach_the_logs()
    {
        await using var harness = FeishuClientHarness.Create(("MaxRetries", "2"));
        harness.Handler
            .ThenToken(() => FeishuResponses.Plain(HttpStatusCode.BadGateway, "bad gateway"))
            .ThenApi(
                () => FeishuResponses.Error(FeishuErrorCodes.ExpiredTenantToken, "token expired"),
                () => FeishuResponses.Error(FeishuErrorCodes.InternalError, "internal error", HttpStatusCode.InternalServerError));

        await harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);
        harness.Handler.ThenApi(() => FeishuResponses.Error(FeishuErrorCodes.ParamInvalid, "param is invalid"));
        await Assert.ThrowsAsync<FeishuApiException>(() => harness.Client.QueryUserTasksAsync(
            new UserTasksQuery { UserId = "ou_person_private_id", Topic = UserTaskTopics.Todo }, default));
        harness.Handler.ThenToken(() => FeishuResponses.TokenError(FeishuErrorCodes.WrongSecret, "app secret invalid"));
        harness.Time.Advance(TimeSpan.FromHours(3));
        await Assert.ThrowsAsync<FeishuApiException>(() => harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default));

        var issuedTokens = harness.Handler.ApiRequests.Select(r => r.Authorization!["Bearer ".Length..]).Distinct().ToList();
        Assert.NotEmpty(issuedTokens);
        var records = harness.Logs.GetSnapshot();
        Assert.True(records.Count >= 5, $"expected the failures to be logged, got {records.Count} records");
        foreach (var record in records)
        {
            var text = string.Join('\n', [record.Message, record.Exception?.ToString() ?? "", .. (record.StructuredState ?? []).Select(kv => $"{kv.Key}={kv.Value}")]);
            Assert.DoesNotContain(FeishuClientHarness.AppSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("ou_person_private_id", text, StringComparison.Ordinal);
            Assert.All(issuedTokens, token => Assert.DoesNotContain(token, text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Token_request_and_response_do_not_print_the_secret_or_the_token()
    {
        var request = new TenantAccessTokenRequest { AppId = "cli_x", AppSecret = FeishuClientHarness.AppSecret };
        var response = new TenantAccessTokenResponse { Code = 0, TenantAccessToken = "t-secret-token", Expire = 7200 };

        Assert.DoesNotContain(FeishuClientHarness.AppSecret, request.ToString(), StringComparison.Ordinal);
        Assert.Contains("cli_x", request.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("t-secret-token", response.ToString(), StringComparison.Ordinal);
    }
}
