using ApprovalFunctions.Feishu.Client;

namespace ApprovalFunctions.UnitTests.Feishu;

public sealed class FeishuFailureClassifierTests
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(400, FeishuErrorCodes.ParamInvalid, "param is invalid", FeishuErrorKind.Permanent, "None")]
    [InlineData(400, FeishuErrorCodes.TenantNotFoundOrTooFrequent, "tenant_id not found", FeishuErrorKind.Permanent, "None")]
    [InlineData(400, FeishuErrorCodes.TenantNotFoundOrTooFrequent, "the same instance is synced too frequently", FeishuErrorKind.Transient, "Backoff")]
    [InlineData(400, FeishuErrorCodes.TryAgainLater, "try again later", FeishuErrorKind.Transient, "Backoff")]
    [InlineData(500, FeishuErrorCodes.InternalError, "internal error", FeishuErrorKind.Transient, "Backoff")]
    [InlineData(400, FeishuErrorCodes.AppDisabled, "app disabled", FeishuErrorKind.Auth, "None")]
    [InlineData(400, FeishuErrorCodes.WrongSecret, "app secret invalid", FeishuErrorKind.Auth, "None")]
    [InlineData(400, FeishuErrorCodes.InvalidTenantToken, "invalid token", FeishuErrorKind.Auth, "RefreshToken")]
    [InlineData(403, FeishuErrorCodes.MonthlyQuotaExhausted, "quota", FeishuErrorKind.Quota, "None")]
    [InlineData(400, 1234567, "unknown business error", FeishuErrorKind.Permanent, "None")]
    [InlineData(502, 1234567, "unknown server error", FeishuErrorKind.Transient, "Backoff")]
    public void Body_code_maps_to_kind_and_next_step(int httpStatus, int code, string msg, FeishuErrorKind kind, string advice)
    {
        var failure = FeishuFailureClassifier.FromCode(httpStatus, code, msg, "log", null, MaxWait);

        Assert.Equal(kind, failure.Error.Kind);
        Assert.Equal(Enum.Parse<RetryAdvice>(advice), failure.Advice);
        Assert.Equal(code, failure.Error.Code);
        Assert.Equal(msg, failure.Error.FeishuMessage);
    }

    [Theory]
    [InlineData(null, "Backoff")]
    [InlineData(0, "Backoff")]
    [InlineData(10, "WaitForRateLimitReset")]
    [InlineData(11, "None")]
    public void Rate_limit_waits_only_for_a_usable_reset_within_the_maximum(int? resetSeconds, string advice)
    {
        var reset = resetSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;

        var failure = FeishuFailureClassifier.FromCode(429, FeishuErrorCodes.RateLimited, "too many request", "log", reset, MaxWait);

        Assert.Equal(FeishuErrorKind.Transient, failure.Error.Kind);
        Assert.Equal(Enum.Parse<RetryAdvice>(advice), failure.Advice);
        Assert.Equal(reset, failure.Error.RetryAfter);
    }

    [Theory]
    [InlineData(200, FeishuErrorKind.Transient, "Backoff")]
    [InlineData(408, FeishuErrorKind.Transient, "Backoff")]
    [InlineData(503, FeishuErrorKind.Transient, "Backoff")]
    [InlineData(401, FeishuErrorKind.Auth, "None")]
    [InlineData(403, FeishuErrorKind.Auth, "None")]
    [InlineData(404, FeishuErrorKind.Permanent, "None")]
    public void Response_without_a_Feishu_body_is_judged_by_its_HTTP_status(int httpStatus, FeishuErrorKind kind, string advice)
    {
        var failure = FeishuFailureClassifier.FromUnreadableBody(httpStatus, "log", null, MaxWait, null);

        Assert.Equal(kind, failure.Error.Kind);
        Assert.Equal(Enum.Parse<RetryAdvice>(advice), failure.Advice);
        Assert.Null(failure.Error.Code);
        Assert.Equal(httpStatus, failure.Error.HttpStatus);
    }
}
