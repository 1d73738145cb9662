using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeishuEmulator.Auth;
using FeishuEmulator.Configuration;
using FeishuEmulator.Diagnostics;
using FeishuEmulator.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FeishuEmulator.Endpoints;

/// <summary>
/// What every emulated Feishu call goes through, in Feishu's order: log id, latency, token, rate limit,
/// injected fault, then the endpoint's own handler (which validates and applies).
/// </summary>
internal sealed partial class FeishuRequestPipeline(
    FeishuEmulatorOptions options,
    TenantTokenStore tokens,
    RateLimiter rateLimiter,
    FaultSettings faults,
    EmulatorStats stats,
    TimeProvider timeProvider,
    ILogger<FeishuRequestPipeline> logger)
{
    /// <summary>Handles one call; <c>apply</c> is false when the call was picked for a silent drop.</summary>
    public delegate Task<FeishuResponse> Handler(HttpContext context, bool apply);

    public async Task RunAsync(HttpContext context, string endpoint, FaultTargets target, bool requiresToken, Handler handler)
    {
        context.Response.Headers["X-Tt-Logid"] = NewLogId();
        stats.CountCall(endpoint);
        FeishuResponse response;
        try
        {
            response = await ProduceAsync(context, endpoint, target, requiresToken, handler);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (its own timeout): there is nobody left to answer.
            return;
        }

        if (response.Body?["code"]?.GetValue<int>() is { } code && FeishuCodes.IsRejection(code))
        {
            stats.CountRejected();
        }

        LogAnswered(logger, endpoint, response.HttpStatus, response.Body?["code"]?.GetValue<int>());
        await WriteAsync(context, response);
    }

    private async Task<FeishuResponse> ProduceAsync(HttpContext context, string endpoint, FaultTargets target, bool requiresToken, Handler handler)
    {
        var settings = faults.Snapshot();
        if (settings.LatencyMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(settings.LatencyMs), timeProvider, context.RequestAborted);
        }

        if (requiresToken && tokens.Authenticate(context.Request.Headers.Authorization) is { } refused)
        {
            return refused;
        }

        if (endpoint != FeishuEndpointNames.Token && rateLimiter.TryAcquire(endpoint) is { } limited)
        {
            stats.CountRateLimited();
            return limited;
        }

        var fault = faults.Roll(target, silentDropApplies: endpoint == FeishuEndpointNames.Sync);
        if (fault != FaultKind.None)
        {
            stats.CountFaultInjected(endpoint);
            LogFault(logger, fault, endpoint);
        }

        switch (fault)
        {
            case FaultKind.ServerError:
                var status = faults.NextServerErrorStatus();
                return new FeishuResponse(status, null, status == 500 ? "Internal Server Error" : "Service Unavailable");
            case FaultKind.RateLimited:
                return RateLimiter.Refuse(options.RateLimitPerSecond, 1000);
            case FaultKind.TryAgainLater:
                return FeishuResponse.Error(400, FeishuCodes.TryAgainLater, "try again later: the same instance is being synced too often");
            case FaultKind.InternalError:
                return FeishuResponse.Error(500, FeishuCodes.InternalError, "internal error, please try again later");
            case FaultKind.Timeout:
                await Task.Delay(settings.TimeoutDelay, timeProvider, context.RequestAborted);
                return new FeishuResponse(504, null, "Gateway Timeout");
            case FaultKind.SilentDrop:
                stats.CountSilentlyDropped();
                break;
        }

        try
        {
            return await handler(context, apply: fault != FaultKind.SilentDrop);
        }
        catch (FeishuErrorException error)
        {
            return error.Response;
        }
    }

    /// <summary>Reads the body as a JSON object; an empty body reads as <c>{}</c> when <paramref name="emptyIsEmptyObject"/>.</summary>
    public static async Task<JsonObject> ReadBodyAsync(HttpContext context, bool emptyIsEmptyObject = false)
    {
        JsonNode? node;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            if (string.IsNullOrWhiteSpace(text) && emptyIsEmptyObject)
            {
                return [];
            }

            node = JsonNode.Parse(text);
        }
        catch (JsonException error)
        {
            throw FeishuErrorException.ParamInvalid($"the body is not valid JSON ({error.Message})");
        }

        return node as JsonObject ?? throw FeishuErrorException.ParamInvalid("the body must be a JSON object");
    }

    /// <summary>The query string as the JSON object the official <c>params</c> schemas describe.</summary>
    public static JsonObject ReadQuery(HttpContext context, params string[] numericKeys)
    {
        var query = new JsonObject();
        foreach (var (key, values) in context.Request.Query)
        {
            var value = values.ToString();
            query[key] = numericKeys.Contains(key, StringComparer.Ordinal)
                && long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number)
                ? number
                : value;
        }

        return query;
    }

    private static async Task WriteAsync(HttpContext context, FeishuResponse response)
    {
        context.Response.StatusCode = response.HttpStatus;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(response.Body.ToJsonString(), context.RequestAborted);
        }
        else if (response.PlainTextBody is not null)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(response.PlainTextBody, context.RequestAborted);
        }
    }

    private string NewLogId() =>
        timeProvider.GetUtcNow().ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)
        + Convert.ToHexString(RandomNumberGenerator.GetBytes(10));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feishu emulator answered {Endpoint} with HTTP {HttpStatus}, code {Code}")]
    private static partial void LogAnswered(ILogger logger, string endpoint, int httpStatus, int? code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feishu emulator injects {Fault} into {Endpoint}")]
    private static partial void LogFault(ILogger logger, FaultKind fault, string endpoint);
}
