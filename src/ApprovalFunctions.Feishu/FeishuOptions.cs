using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Feishu;

/// <summary>Configuration section "Feishu" (app settings Feishu__BaseUrl, Feishu__AppId, ...).</summary>
public sealed class FeishuOptions : IValidatableObject
{
    public const string SectionName = "Feishu";

    /// <summary>https://open.feishu.cn for Feishu, https://open.larksuite.com for Lark.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://open.feishu.cn");

    [Required(AllowEmptyStrings = false)]
    public string AppId { get; set; } = string.Empty;

    /// <summary>Never logged. In Azure it comes from Key Vault through a Key Vault reference.</summary>
    [Required(AllowEmptyStrings = false)]
    public string AppSecret { get; set; } = string.Empty;

    /// <summary>Timeout of one HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of one call inside the client; longer waits belong to the queue.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest x-ogw-ratelimit-reset wait the client sits out itself; longer ones fail as transient with RetryAfter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(10);

    [Required]
    [ValidateObjectMembers]
    public FeishuRateLimitOptions RateLimit { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult($"{nameof(BaseUrl)} must be an absolute http or https URL, such as https://open.feishu.cn.", [nameof(BaseUrl)]);
        }
    }
}

/// <summary>
/// Feishu's limits (50/s and 1000/min) are per app and tenant, shared by every host of the app.
/// Each host takes an equal share of the app-wide budget: budget / <see cref="MaxHostCount"/>.
/// </summary>
public sealed class FeishuRateLimitOptions
{
    /// <summary>App-wide calls per second, across all hosts. Feishu allows 50; only an emulator may take more.</summary>
    [Range(1, 100_000)]
    public int CallsPerSecond { get; set; } = 40;

    /// <summary>App-wide calls per minute, across all hosts. Feishu allows 1000; only an emulator may take more.</summary>
    [Range(1, 6_000_000)]
    public int CallsPerMinute { get; set; } = 900;

    /// <summary>The most hosts that can run at once (the Flex Consumption maximum instance count).</summary>
    [Range(1, 1000)]
    public int MaxHostCount { get; set; } = 1;
}
