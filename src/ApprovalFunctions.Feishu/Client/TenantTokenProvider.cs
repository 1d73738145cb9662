using System.Text.Json;
using ApprovalFunctions.Feishu.Json;
using ApprovalFunctions.Feishu.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Feishu.Client;

/// <summary>
/// The tenant access token (POST /open-apis/auth/v3/tenant_access_token/internal), cached until
/// <c>expire − 3 min</c> as Feishu's own SDKs do. Concurrent callers that find no valid token share one
/// request (single flight); a failed request fails every one of them and the next caller starts a new one.
/// </summary>
/// <remarks>
/// The token call takes no permit of the outbound limiter: Feishu limits it separately from the approval
/// API, it happens about once in two hours per host, and every queued approval call waits for it, so
/// queueing it behind them would only delay them all.
/// </remarks>
internal sealed class TenantTokenProvider
{
    /// <summary>The official SDKs stop using a token three minutes before Feishu says it expires.</summary>
    internal static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(3);

    private readonly IHttpClientFactory httpClientFactory;
    private readonly FeishuOptions options;
    private readonly TimeProvider time;
    private readonly FeishuTelemetry telemetry;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private CachedToken? cached;
    private Task<CachedToken>? refresh;

    public TenantTokenProvider(IHttpClientFactory httpClientFactory, IOptions<FeishuOptions> options, TimeProvider time, FeishuTelemetry telemetry, ILogger<TenantTokenProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(logger);
        this.httpClientFactory = httpClientFactory;
        this.options = options.Value;
        this.time = time;
        this.telemetry = telemetry;
        this.logger = logger;
    }

    /// <summary>A valid token: the cached one, or a new one fetched once for every concurrent caller.</summary>
    /// <exception cref="FeishuApiException">The token request failed (10014/10015 are <see cref="FeishuErrorKind.Auth"/>).</exception>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        Task<CachedToken> pending;
        TaskCompletionSource<CachedToken>? owner = null;
        lock (gate)
        {
            if (cached is { } token && time.GetUtcNow() < token.RefreshAt)
            {
                return token.Value;
            }

            if (refresh is null)
            {
                owner = new TaskCompletionSource<CachedToken>(TaskCreationOptions.RunContinuationsAsynchronously);
                refresh = owner.Task;
            }

            pending = refresh;
        }

        if (owner is not null)
        {
            // Started outside the lock and not tied to this caller's cancellation: it serves every waiter.
            _ = RefreshAsync(owner);
        }

        return (await pending.WaitAsync(cancellationToken)).Value;
    }

    /// <summary>
    /// Drops <paramref name="rejectedToken"/> after Feishu rejected it. A token already replaced by a newer one
    /// stays, so that many calls rejected with the same old token cause one refresh, not one each.
    /// </summary>
    public void Invalidate(string rejectedToken)
    {
        lock (gate)
        {
            if (cached is { } token && token.Value == rejectedToken)
            {
                cached = null;
            }
        }
    }

    private async Task RefreshAsync(TaskCompletionSource<CachedToken> completion)
    {
        try
        {
            var token = await FetchAsync();
            lock (gate)
            {
                cached = token;
                refresh = null;
            }

            completion.SetResult(token);
        }
        catch (Exception exception)
        {
            lock (gate)
            {
                refresh = null;
            }

            completion.SetException(exception);

            // Every waiter may have been cancelled already; the failure is logged, so mark it observed.
            _ = completion.Task.Exception;
        }
    }

    private async Task<CachedToken> FetchAsync()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new TenantAccessTokenRequest { AppId = options.AppId, AppSecret = options.AppSecret },
            FeishuJsonContext.Default.TenantAccessTokenRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, FeishuApiPaths.TenantAccessToken) { Content = FeishuHttpExchange.JsonContent(body) };

        // Feishu counts expire from its answer; counting from before the request keeps us on the safe side.
        var requestedAt = time.GetUtcNow();
        var http = httpClientFactory.CreateClient(FeishuHttpClient.Name);
        var exchange = await FeishuHttpExchange.SendAsync(http, request, options.RequestTimeout, time, CancellationToken.None);
        var token = Read(exchange, requestedAt, out var failure);
        telemetry.TokenRequested(token is not null);
        if (token is null)
        {
            var error = failure!.Error;
            FeishuClientLog.TokenRequestFailed(logger, error.Kind, error.Code, error.HttpStatus, error.FeishuMessage, error.LogId);
            throw error;
        }

        FeishuClientLog.TokenFetched(logger, token.RefreshAt - requestedAt);
        return token;
    }

    private CachedToken? Read(FeishuExchange exchange, DateTimeOffset requestedAt, out FeishuFailure? failure)
    {
        if (exchange.Failure is not null)
        {
            failure = exchange.Failure;
            return null;
        }

        var response = exchange.Response!;
        if (!response.TryRead(FeishuJsonContext.Default.TenantAccessTokenResponse, out var body, out var parseError))
        {
            failure = FeishuFailureClassifier.FromUnreadableBody(response.StatusCode, response.LogId, response.RateLimitReset, options.MaxRateLimitWait, parseError);
            return null;
        }

        if (body!.Code != FeishuErrorCodes.Success)
        {
            failure = FeishuFailureClassifier.FromCode(response.StatusCode, body.Code, body.Msg, response.LogId, response.RateLimitReset, options.MaxRateLimitWait);
            return null;
        }

        if (string.IsNullOrEmpty(body.TenantAccessToken) || body.Expire <= 0)
        {
            failure = new FeishuFailure(
                new FeishuApiException(FeishuErrorKind.Transient, body.Code, "The token response has code 0 but no tenant_access_token or expire.", response.LogId, response.StatusCode),
                RetryAdvice.Backoff);
            return null;
        }

        failure = null;

        // A token with less than the margin left is still good for the callers waiting now, not for later ones.
        var usableFor = TimeSpan.FromSeconds(body.Expire) - RefreshMargin;
        return new CachedToken(body.TenantAccessToken, requestedAt + (usableFor > TimeSpan.Zero ? usableFor : TimeSpan.Zero));
    }

    /// <summary>A class, not a record: a record's ToString would print the token.</summary>
    private sealed class CachedToken(string value, DateTimeOffset refreshAt)
    {
        public string Value { get; } = value;

        public DateTimeOffset RefreshAt { get; } = refreshAt;
    }
}
