using System.Globalization;

namespace ApprovalFunctions.Feishu.Client;

/// <summary>
/// Turns what came back from Feishu into a <see cref="FeishuFailure"/>. Feishu answers business errors
/// with HTTP 400 and a body code, so the body code decides; the HTTP status only decides when there is no
/// Feishu body to read (a gateway or proxy answered).
/// </summary>
internal static class FeishuFailureClassifier
{
    /// <summary>A Feishu envelope with a non-zero code.</summary>
    public static FeishuFailure FromCode(int httpStatus, int code, string? msg, string? logId, TimeSpan? rateLimitReset, TimeSpan maxRateLimitWait)
    {
        var message = string.IsNullOrEmpty(msg) ? "(no msg)" : msg;
        switch (code)
        {
            case FeishuErrorCodes.MissingAccessToken or FeishuErrorCodes.InvalidTenantToken
                or FeishuErrorCodes.ExpiredTenantToken or FeishuErrorCodes.MalformedAccessToken:
                return Fail(FeishuErrorKind.Auth, RetryAdvice.RefreshToken);
            case FeishuErrorCodes.AppDisabled or FeishuErrorCodes.WrongSecret:
                return Fail(FeishuErrorKind.Auth, RetryAdvice.None);
            case FeishuErrorCodes.RateLimited:
                return RateLimited(code, message, logId, httpStatus, rateLimitReset, maxRateLimitWait);
            case FeishuErrorCodes.MonthlyQuotaExhausted:
                return Fail(FeishuErrorKind.Quota, RetryAdvice.None);
            case FeishuErrorCodes.InternalError or FeishuErrorCodes.TryAgainLater:
                return Fail(FeishuErrorKind.Transient, RetryAdvice.Backoff);
            case FeishuErrorCodes.TenantNotFoundOrTooFrequent:
                // One code, two documented meanings: only msg tells "too frequent" (retry later) from "tenant not found".
                return IsTooFrequent(message)
                    ? Fail(FeishuErrorKind.Transient, RetryAdvice.Backoff)
                    : Fail(FeishuErrorKind.Permanent, RetryAdvice.None);
            case FeishuErrorCodes.ParamInvalid:
                return Fail(FeishuErrorKind.Permanent, RetryAdvice.None);
        }

        if (httpStatus == 429)
        {
            return RateLimited(code, message, logId, httpStatus, rateLimitReset, maxRateLimitWait);
        }

        // An unknown code is a verdict on the request unless the server says it failed itself.
        return httpStatus >= 500
            ? Fail(FeishuErrorKind.Transient, RetryAdvice.Backoff)
            : Fail(FeishuErrorKind.Permanent, RetryAdvice.None);

        FeishuFailure Fail(FeishuErrorKind kind, RetryAdvice advice) =>
            new(new FeishuApiException(kind, code, message, logId, httpStatus), advice);
    }

    /// <summary>A response whose body is not a Feishu envelope: a gateway, a proxy or a truncated body.</summary>
    public static FeishuFailure FromUnreadableBody(int httpStatus, string? logId, TimeSpan? rateLimitReset, TimeSpan maxRateLimitWait, Exception? parseError)
    {
        var message = string.Create(CultureInfo.InvariantCulture, $"HTTP {httpStatus} without a Feishu response body.");
        if (httpStatus == 429)
        {
            return RateLimited(null, message, logId, httpStatus, rateLimitReset, maxRateLimitWait);
        }

        var (kind, advice) = httpStatus switch
        {
            >= 500 or 408 or (>= 200 and < 300) => (FeishuErrorKind.Transient, RetryAdvice.Backoff),
            401 or 403 => (FeishuErrorKind.Auth, RetryAdvice.None),
            _ => (FeishuErrorKind.Permanent, RetryAdvice.None),
        };
        return new(new FeishuApiException(kind, null, message, logId, httpStatus, innerException: parseError), advice);
    }

    /// <summary>No response within the per-attempt timeout.</summary>
    public static FeishuFailure FromTimeout(TimeSpan timeout, Exception exception) =>
        new(new FeishuApiException(FeishuErrorKind.Transient, null, string.Create(CultureInfo.InvariantCulture, $"No response within {timeout.TotalSeconds:0.###} s."), null, null, innerException: exception), RetryAdvice.Backoff);

    /// <summary>Connection refused, reset, DNS failure and the like.</summary>
    public static FeishuFailure FromTransport(HttpRequestException exception) =>
        new(new FeishuApiException(FeishuErrorKind.Transient, null, $"Transport error: {exception.Message}", null, null, innerException: exception), RetryAdvice.Backoff);

    /// <summary>A failure of the token call, seen by the call that needed the token.</summary>
    public static FeishuFailure FromTokenFailure(FeishuApiException exception, TimeSpan maxRateLimitWait)
    {
        var advice = exception.Kind != FeishuErrorKind.Transient
            ? RetryAdvice.None
            : exception.RetryAfter switch
            {
                null => RetryAdvice.Backoff,
                var wait when wait <= maxRateLimitWait => RetryAdvice.WaitForRateLimitReset,
                _ => RetryAdvice.None,
            };
        return new(exception, advice);
    }

    private static FeishuFailure RateLimited(int? code, string message, string? logId, int httpStatus, TimeSpan? reset, TimeSpan maxRateLimitWait)
    {
        // Without a usable reset header, back off as for any transient error; a reset beyond what the client
        // may sit out goes to the caller with RetryAfter, so that the queue waits instead of a worker.
        var advice = reset switch
        {
            null => RetryAdvice.Backoff,
            var wait when wait == TimeSpan.Zero => RetryAdvice.Backoff,
            var wait when wait <= maxRateLimitWait => RetryAdvice.WaitForRateLimitReset,
            _ => RetryAdvice.None,
        };
        return new(new FeishuApiException(FeishuErrorKind.Transient, code, message, logId, httpStatus, reset), advice);
    }

    private static bool IsTooFrequent(string message) =>
        message.Contains("frequen", StringComparison.OrdinalIgnoreCase) || message.Contains("频繁", StringComparison.Ordinal);
}
