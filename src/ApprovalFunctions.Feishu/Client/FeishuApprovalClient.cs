using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ApprovalFunctions.Feishu.Json;
using ApprovalFunctions.Feishu.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Feishu.Client;

/// <summary>
/// <see cref="IFeishuApprovalClient"/> over a typed <see cref="HttpClient"/>. Each call: a token from
/// <see cref="TenantTokenProvider"/>, a permit from <see cref="FeishuRateLimiter"/> for every HTTP request,
/// a per-request timeout, the retries of <see cref="FeishuRetryPipeline"/>, and one token refresh when
/// Feishu rejects the token. Every call is safe to repeat: sync and definition create are idempotent
/// upserts, check and the queries only read.
/// </summary>
internal sealed class FeishuApprovalClient : IFeishuApprovalClient
{
    private static readonly string[] UserIdTypes = ["open_id", "union_id", "user_id"];

    private readonly HttpClient http;
    private readonly TenantTokenProvider tokens;
    private readonly FeishuRateLimiter limiter;
    private readonly FeishuRetryPipeline retry;
    private readonly FeishuTelemetry telemetry;
    private readonly FeishuOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public FeishuApprovalClient(
        HttpClient http,
        TenantTokenProvider tokens,
        FeishuRateLimiter limiter,
        FeishuRetryPipeline retry,
        FeishuTelemetry telemetry,
        IOptions<FeishuOptions> options,
        TimeProvider time,
        ILogger<FeishuApprovalClient> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.http = http;
        this.tokens = tokens;
        this.limiter = limiter;
        this.retry = retry;
        this.telemetry = telemetry;
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
    }

    public Task<FeishuResult<SyncInstanceResponse>> SyncInstanceAsync(ExternalInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var request = new FeishuRequest("sync_instance", HttpMethod.Post, FeishuApiPaths.ExternalInstances, null,
            JsonSerializer.SerializeToUtf8Bytes(instance, FeishuJsonContext.Default.ExternalInstance));
        return SendAsync(request, FeishuJsonContext.Default.FeishuEnvelopeSyncInstanceResponse, cancellationToken);
    }

    public Task<FeishuResult<CheckInstancesResponse>> CheckInstancesAsync(CheckInstancesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Instances is not { Count: > 0 })
        {
            throw new ArgumentException("instances must hold at least one instance to check.", nameof(request));
        }

        var call = new FeishuRequest("check_instances", HttpMethod.Post, FeishuApiPaths.CheckExternalInstances, null,
            JsonSerializer.SerializeToUtf8Bytes(request, FeishuJsonContext.Default.CheckInstancesRequest));
        return SendAsync(call, FeishuJsonContext.Default.FeishuEnvelopeCheckInstancesResponse, cancellationToken);
    }

    public Task<FeishuResult<UserTasksPage>> QueryUserTasksAsync(UserTasksQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var request = new FeishuRequest("query_user_tasks", HttpMethod.Get, FeishuApiPaths.UserTasks, UserTasksQueryString(query), null);
        return SendAsync(request, FeishuJsonContext.Default.FeishuEnvelopeUserTasksPage, cancellationToken);
    }

    public Task<FeishuResult<ExternalTasksPage>> ListExternalTasksAsync(ExternalTasksQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.InstanceIds is { Count: > 20 })
        {
            throw new ArgumentException($"instance_ids holds {query.InstanceIds.Count} ids; Feishu takes at most 20.", nameof(query));
        }

        if (query.PageSize is <= 0)
        {
            throw new ArgumentException("page_size must be positive.", nameof(query));
        }

        // Feishu defines this GET with a JSON body; paging goes in the query string.
        var request = new FeishuRequest("list_external_tasks", HttpMethod.Get, FeishuApiPaths.ExternalTasks,
            FeishuQueryString.Build(("page_size", query.PageSize?.ToString(CultureInfo.InvariantCulture)), ("page_token", query.PageToken)),
            JsonSerializer.SerializeToUtf8Bytes(query, FeishuJsonContext.Default.ExternalTasksQuery));
        return SendAsync(request, FeishuJsonContext.Default.FeishuEnvelopeExternalTasksPage, cancellationToken);
    }

    public Task<FeishuResult<CreateExternalApprovalResponse>> CreateExternalApprovalAsync(ExternalApprovalDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.ApprovalCode.Length > 128)
        {
            throw new ArgumentException($"approval_code has {definition.ApprovalCode.Length} characters; Feishu takes at most 128.", nameof(definition));
        }

        var request = new FeishuRequest("create_external_approval", HttpMethod.Post, FeishuApiPaths.ExternalApprovals, null,
            JsonSerializer.SerializeToUtf8Bytes(definition, FeishuJsonContext.Default.ExternalApprovalDefinition));
        return SendAsync(request, FeishuJsonContext.Default.FeishuEnvelopeCreateExternalApprovalResponse, cancellationToken);
    }

    /// <summary>The query string of the tasks query, checked against Feishu's rules (approval-api.md §4).</summary>
    internal static string UserTasksQueryString(UserTasksQuery query)
    {
        if (string.IsNullOrWhiteSpace(query.UserId))
        {
            throw new ArgumentException("user_id is required.", nameof(query));
        }

        if (!UserTaskTopics.All.Contains(query.Topic))
        {
            throw new ArgumentException($"topic \"{query.Topic}\" is not one of {string.Join(", ", UserTaskTopics.All)}.", nameof(query));
        }

        if (query.PageSize is < 1 or > 200)
        {
            throw new ArgumentException($"page_size {query.PageSize} is outside 1..200.", nameof(query));
        }

        if (query.UserIdType is { } type && !UserIdTypes.Contains(type))
        {
            throw new ArgumentException($"user_id_type \"{type}\" is not one of {string.Join(", ", UserIdTypes)}.", nameof(query));
        }

        return FeishuQueryString.Build(
            ("user_id", query.UserId),
            ("topic", query.Topic),
            ("page_size", query.PageSize?.ToString(CultureInfo.InvariantCulture)),
            ("page_token", query.PageToken),
            ("user_id_type", query.UserIdType))!;
    }

    private async Task<FeishuResult<T>> SendAsync<T>(FeishuRequest request, JsonTypeInfo<FeishuEnvelope<T>> responseType, CancellationToken cancellationToken)
        where T : class
    {
        var call = new Call<T>(this, request, responseType);
        var outcome = await retry.Pipeline.ExecuteAsync(static (call, token) => call.Client.TryAsync(call, token), call, cancellationToken);
        if (outcome.Result is { } result)
        {
            telemetry.CallSucceeded(request.Operation);
            return result;
        }

        var error = outcome.Failure!.Error;
        telemetry.CallFailed(request.Operation, error.Kind);
        if (error.Kind == FeishuErrorKind.Transient)
        {
            FeishuClientLog.CallFailedTransient(logger, request.Operation, request.Path, call.Tries, error.Kind, error.Code, error.HttpStatus, error.FeishuMessage, error.LogId, error.RetryAfter);
        }
        else
        {
            FeishuClientLog.CallFailed(logger, request.Operation, request.Path, call.Tries, error.Kind, error.Code, error.HttpStatus, error.FeishuMessage, error.LogId);
        }

        throw error;
    }

    /// <summary>One try of the retry pipeline: one HTTP request, or two when Feishu rejects the token.</summary>
    private async ValueTask<Attempt<T>> TryAsync<T>(Call<T> call, CancellationToken cancellationToken)
        where T : class
    {
        call.RetryPipelineTries++;
        var attempt = await SendOnceAsync(call, cancellationToken);
        if (attempt.Failure is { Advice: RetryAdvice.RefreshToken } && !call.TokenRefreshed)
        {
            call.TokenRefreshed = true;
            Log(call, attempt.Failure, "fetch a new token and retry once");
            tokens.Invalidate(attempt.Token!);
            telemetry.Retrying(call.Request.Operation, "token_refresh");
            attempt = await SendOnceAsync(call, cancellationToken);
        }

        if (attempt.Failure is { } failure)
        {
            // A token rejected again right after a refresh is a credentials problem, not a stale token.
            if (failure.Advice == RetryAdvice.RefreshToken)
            {
                failure = failure.AsFinal();
                attempt = attempt with { Failure = failure };
            }

            var retriesLeft = call.RetryPipelineTries <= retry.MaxRetries;
            Log(call, failure, !failure.IsRetryable || !retriesLeft
                ? "give up"
                : failure.RetryDelay is { } wait
                    ? string.Create(CultureInfo.InvariantCulture, $"wait {wait.TotalSeconds:0.###} s for Feishu's rate-limit reset")
                    : "retry after backoff");
        }

        return attempt;
    }

    private async ValueTask<Attempt<T>> SendOnceAsync<T>(Call<T> call, CancellationToken cancellationToken)
        where T : class
    {
        var operation = call.Request.Operation;
        call.Tries++;
        string token;
        try
        {
            token = await tokens.GetTokenAsync(cancellationToken);
        }
        catch (FeishuApiException exception)
        {
            return new Attempt<T>(operation, null, FeishuFailureClassifier.FromTokenFailure(exception, options.MaxRateLimitWait), null);
        }

        await limiter.AcquireAsync(cancellationToken);
        telemetry.RequestSent(operation);
        using var message = call.Request.CreateMessage(token);
        var exchange = await FeishuHttpExchange.SendAsync(http, message, options.RequestTimeout, time, cancellationToken);
        if (exchange.Failure is { } transportFailure)
        {
            return new Attempt<T>(operation, null, transportFailure, token);
        }

        var response = exchange.Response!;
        if (!response.TryRead(call.ResponseType, out var envelope, out var parseError))
        {
            return new Attempt<T>(operation, null, FeishuFailureClassifier.FromUnreadableBody(response.StatusCode, response.LogId, response.RateLimitReset, options.MaxRateLimitWait, parseError), token);
        }

        if (envelope!.Code != FeishuErrorCodes.Success)
        {
            return new Attempt<T>(operation, null, FeishuFailureClassifier.FromCode(response.StatusCode, envelope.Code, envelope.Msg, response.LogId, response.RateLimitReset, options.MaxRateLimitWait), token);
        }

        if (envelope.Data is null)
        {
            var missingData = new FeishuApiException(FeishuErrorKind.Transient, envelope.Code, "The response has code 0 but no data.", response.LogId, response.StatusCode);
            return new Attempt<T>(operation, null, new FeishuFailure(missingData, RetryAdvice.Backoff), token);
        }

        return new Attempt<T>(operation, new FeishuResult<T>(envelope.Data, response.LogId), null, token);
    }

    private void Log<T>(Call<T> call, FeishuFailure failure, string nextStep)
        where T : class
    {
        var error = failure.Error;
        FeishuClientLog.AttemptFailed(logger, call.Request.Operation, call.Tries, call.Request.Path, error.Kind, error.Code, error.HttpStatus, error.FeishuMessage, error.LogId, nextStep);
    }

    /// <summary>The state of one call across its tries.</summary>
    private sealed class Call<T>(FeishuApprovalClient client, FeishuRequest request, JsonTypeInfo<FeishuEnvelope<T>> responseType)
        where T : class
    {
        public FeishuApprovalClient Client { get; } = client;

        public FeishuRequest Request { get; } = request;

        public JsonTypeInfo<FeishuEnvelope<T>> ResponseType { get; } = responseType;

        /// <summary>Tries of the retry pipeline so far.</summary>
        public int RetryPipelineTries { get; set; }

        /// <summary>Every try, token refreshes included: the attempt number in the logs.</summary>
        public int Tries { get; set; }

        /// <summary>A call refreshes a rejected token once.</summary>
        public bool TokenRefreshed { get; set; }
    }

    /// <summary>The outcome of one try. <see cref="Token"/> is the token it used (for invalidation), never printed.</summary>
    private sealed record Attempt<T>(string Operation, FeishuResult<T>? Result, FeishuFailure? Failure, string? Token) : IFeishuAttempt
        where T : class
    {
        public override string ToString() => Failure is null ? $"{Operation}: success" : $"{Operation}: {Failure.Error.Message}";
    }
}
