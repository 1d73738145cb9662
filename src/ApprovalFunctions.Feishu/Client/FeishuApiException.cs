namespace ApprovalFunctions.Feishu.Client;

/// <summary>What the sync logic should do about a failed Feishu call.</summary>
public enum FeishuErrorKind
{
    /// <summary>Try again later (transport error, timeout, 5xx, 2200, 1395001, rate limited).</summary>
    Transient,

    /// <summary>The request itself is wrong (1390001 and the like): never retry as is; park it.</summary>
    Permanent,

    /// <summary>Credentials are wrong or the app is disabled (10014, 10015, token codes after a refresh).</summary>
    Auth,

    /// <summary>The tenant's monthly call quota is exhausted (99991403).</summary>
    Quota,
}

/// <summary>A Feishu call that failed after the client's own retries.</summary>
public sealed class FeishuApiException : Exception
{
    public FeishuApiException(FeishuErrorKind kind, int? code, string feishuMessage, string? logId, int? httpStatus, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(Describe(kind, code, feishuMessage, logId, httpStatus), innerException)
    {
        Kind = kind;
        Code = code;
        FeishuMessage = feishuMessage;
        LogId = logId;
        HttpStatus = httpStatus;
        RetryAfter = retryAfter;
    }

    public FeishuErrorKind Kind { get; }

    /// <summary>Feishu's body code, or null when no Feishu body was read (transport failure, timeout).</summary>
    public int? Code { get; }

    /// <summary>Feishu's msg, or a description of the transport failure.</summary>
    public string FeishuMessage { get; }

    /// <summary>The X-Tt-Logid response header, when there was a response.</summary>
    public string? LogId { get; }

    public int? HttpStatus { get; }

    /// <summary>How long Feishu asked us to wait (x-ogw-ratelimit-reset), when it did.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(FeishuErrorKind kind, int? code, string message, string? logId, int? httpStatus) =>
        $"Feishu call failed ({kind}): code {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, HTTP {httpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, msg \"{message}\", log id {logId ?? "none"}.";
}
