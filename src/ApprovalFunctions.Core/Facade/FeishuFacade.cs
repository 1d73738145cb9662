using System.Diagnostics;
using System.Net;
using ApprovalFunctions.Core.Requests;
using Microsoft.Extensions.Logging;

namespace ApprovalFunctions.Core.Facade;

/// <summary>
/// The Feishu-compatible surface: every request under <c>/open-apis/</c> comes here (one function with a catch-all route,
/// since the Functions host orders overlapping routes by function name, not by specificity) and goes to its endpoint by
/// method and path; anything else answers Feishu's 404 in an envelope. A failure that a retry may cure (storage) answers
/// HTTP 500 / 2200, the code sources already retry with backoff.
/// </summary>
public sealed partial class FeishuFacade(
    FacadeTokens tokens,
    FacadeAuthentication authentication,
    FacadeTokenEndpoint tokenEndpoint,
    FacadeSyncEndpoint syncEndpoint,
    FacadeCheckEndpoint checkEndpoint,
    ILogger<FeishuFacade> logger)
{
    public const string TenantTokenPath = "auth/v3/tenant_access_token/internal";
    public const string AppTokenPath = "auth/v3/app_access_token/internal";
    public const string SyncPath = "approval/v4/external_instances";
    public const string CheckPath = "approval/v4/external_instances/check";

    /// <summary>Longer paths are no endpoint of ours anyway; cut so a log line stays a line.</summary>
    private const int MaxLoggedPathLength = 200;

    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path below <c>/open-apis/</c>.</param>
    public async Task<FacadeAnswer> HandleAsync(string method, string? path, IncomingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var logId = NewLogId();
        var endpoint = (path ?? string.Empty).Trim('/');
        if (endpoint.Length > MaxLoggedPathLength)
        {
            endpoint = endpoint[..MaxLoggedPathLength];
        }

        FacadeAnswer answer;
        try
        {
            answer = await AnswerAsync(method, request, endpoint, logId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever failed, the source must hear "internal error, retry" in Feishu's words, not a bare 500.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFailed(logger, exception, endpoint, logId);
            answer = FacadeAnswer.Error((int)HttpStatusCode.InternalServerError, FacadeCodes.InternalError,
                "internal error, please try again later", logId);
        }

        LogAnswered(logger, method, endpoint, answer.HttpStatus, answer.Code, logId);
        return answer;
    }

    private async Task<FacadeAnswer> AnswerAsync(string method, IncomingRequest request, string endpoint, string logId, CancellationToken cancellationToken)
    {
        if (!tokens.IsEnabled)
        {
            return NotFound(logId, "404 page not found: the Feishu-compatible surface is off (set Facade__AppId and Facade__AppSecret)");
        }

        if (!string.Equals(method, HttpMethod.Post.Method, StringComparison.OrdinalIgnoreCase))
        {
            return NotFound(logId, "404 page not found");
        }

        switch (endpoint)
        {
            case TenantTokenPath:
                return await tokenEndpoint.HandleAsync(request, FacadeTokenKind.Tenant, logId, cancellationToken);
            case AppTokenPath:
                return await tokenEndpoint.HandleAsync(request, FacadeTokenKind.App, logId, cancellationToken);
            case SyncPath or CheckPath:
                if (authentication.Authenticate(request.Headers, logId) is { } refused)
                {
                    return refused;
                }

                return endpoint == SyncPath
                    ? await syncEndpoint.HandleAsync(request, logId, cancellationToken)
                    : await checkEndpoint.HandleAsync(request, logId, cancellationToken);
            default:
                return NotFound(logId, "404 page not found");
        }
    }

    private static FacadeAnswer NotFound(string logId, string msg) =>
        FacadeAnswer.Error((int)HttpStatusCode.NotFound, FacadeCodes.NotFound, msg, logId);

    /// <summary>The trace id when there is one, so the log id finds the invocation's telemetry; else a fresh id.</summary>
    private static string NewLogId() => Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Information, Message = "Feishu-compatible surface: {Method} /open-apis/{Endpoint} answered HTTP {HttpStatus}, code {FeishuCode}, log id {LogId}")]
    private static partial void LogAnswered(ILogger logger, string method, string endpoint, int httpStatus, int feishuCode, string logId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Feishu-compatible surface: /open-apis/{Endpoint} failed (answered 2200, retry), log id {LogId}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string endpoint, string logId);
}
