using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ApprovalFunctions.Feishu.Client;

/// <summary>A whole response of one HTTP attempt, body read.</summary>
internal sealed record FeishuHttpResponse(int StatusCode, byte[] Body, string? LogId, TimeSpan? RateLimitReset)
{
    /// <summary>The body as <typeparamref name="T"/>, or the reason it is not a Feishu body.</summary>
    public bool TryRead<T>(JsonTypeInfo<T> typeInfo, out T? value, out Exception? error)
    {
        try
        {
            value = JsonSerializer.Deserialize(Body, typeInfo);
            error = value is null ? new JsonException("The response body is JSON null.") : null;
            return value is not null;
        }
        catch (JsonException exception)
        {
            value = default;
            error = exception;
            return false;
        }
    }
}

/// <summary>The outcome of one HTTP attempt: a response (of any status) or a failure without one.</summary>
internal readonly record struct FeishuExchange(FeishuHttpResponse? Response, FeishuFailure? Failure);

/// <summary>One HTTP attempt with its own timeout, shared by the token call and the approval calls.</summary>
internal static class FeishuHttpExchange
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    public static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    /// <summary>
    /// Sends <paramref name="request"/> and reads the whole body within <paramref name="timeout"/> (measured on
    /// <paramref name="time"/>). Timeouts and transport errors come back as failures; the caller's cancellation
    /// comes back as <see cref="OperationCanceledException"/>, since it is no error of Feishu's.
    /// </summary>
    public static async Task<FeishuExchange> SendAsync(HttpClient http, HttpRequestMessage request, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            return new FeishuExchange(
                new FeishuHttpResponse((int)response.StatusCode, body, FeishuHeaders.ReadLogId(response.Headers), FeishuHeaders.ReadRateLimitReset(response.Headers)),
                null);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new FeishuExchange(null, FeishuFailureClassifier.FromTimeout(timeout, exception));
        }
        catch (HttpRequestException exception)
        {
            return new FeishuExchange(null, FeishuFailureClassifier.FromTransport(exception));
        }
        catch (IOException exception)
        {
            // A connection that breaks while the body is read.
            return new FeishuExchange(null, FeishuFailureClassifier.FromTransport(new HttpRequestException(exception.Message, exception)));
        }
    }
}
