using Microsoft.Extensions.Logging;

namespace ApprovalFunctions.Feishu.Client;

/// <summary>
/// The client's log lines. They carry the path (never the query string, which holds user ids), Feishu's
/// code, msg and log id; never the app secret, a token, a request body or a response body.
/// </summary>
internal static partial class FeishuClientLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Feishu {Operation} attempt {Attempt} to {Path} failed ({ErrorKind}): code {FeishuCode}, HTTP {HttpStatus}, msg \"{FeishuMessage}\", log id {LogId}; next: {NextStep}.")]
    public static partial void AttemptFailed(ILogger logger, string operation, int attempt, string path, FeishuErrorKind errorKind, int? feishuCode, int? httpStatus, string feishuMessage, string? logId, string nextStep);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Feishu {Operation} to {Path} failed after {Attempts} attempts ({ErrorKind}): code {FeishuCode}, HTTP {HttpStatus}, msg \"{FeishuMessage}\", log id {LogId}, retry after {RetryAfter}.")]
    public static partial void CallFailedTransient(ILogger logger, string operation, string path, int attempts, FeishuErrorKind errorKind, int? feishuCode, int? httpStatus, string feishuMessage, string? logId, TimeSpan? retryAfter);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error,
        Message = "Feishu {Operation} to {Path} failed after {Attempts} attempts ({ErrorKind}): code {FeishuCode}, HTTP {HttpStatus}, msg \"{FeishuMessage}\", log id {LogId}.")]
    public static partial void CallFailed(ILogger logger, string operation, string path, int attempts, FeishuErrorKind errorKind, int? feishuCode, int? httpStatus, string feishuMessage, string? logId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "Feishu tenant access token request failed ({ErrorKind}): code {FeishuCode}, HTTP {HttpStatus}, msg \"{FeishuMessage}\", log id {LogId}.")]
    public static partial void TokenRequestFailed(ILogger logger, FeishuErrorKind errorKind, int? feishuCode, int? httpStatus, string feishuMessage, string? logId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug,
        Message = "Fetched a Feishu tenant access token; it is used for {CachedFor}.")]
    public static partial void TokenFetched(ILogger logger, TimeSpan cachedFor);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information,
        Message = "Feishu rejected the tenant access token on {Operation} to {Path} (code {FeishuCode}, log id {LogId}); fetching a new one and retrying once.")]
    public static partial void TokenRejected(ILogger logger, string operation, string path, int? feishuCode, string? logId);
}
