using System.Globalization;
using System.Net.Http.Headers;

namespace ApprovalFunctions.Feishu.Client;

/// <summary>The response headers Feishu support and Feishu's rate limiter speak through.</summary>
internal static class FeishuHeaders
{
    /// <summary>Feishu support asks for this id with every question about a call.</summary>
    public const string LogId = "X-Tt-Logid";

    /// <summary>Seconds until Feishu's rate-limit window resets; Feishu sends no Retry-After.</summary>
    public const string RateLimitReset = "x-ogw-ratelimit-reset";

    public static string? ReadLogId(HttpResponseHeaders headers) =>
        headers.TryGetValues(LogId, out var values) ? values.FirstOrDefault() : null;

    public static TimeSpan? ReadRateLimitReset(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues(RateLimitReset, out var values))
        {
            return null;
        }

        var text = values.FirstOrDefault();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && double.IsFinite(seconds)
            ? TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.FromDays(1).TotalSeconds))
            : null;
    }
}
