using System.Net.Http.Headers;
using System.Text;

namespace ApprovalFunctions.Feishu.Client;

/// <summary>
/// One Feishu call, ready to be sent as many times as the retries need (an <see cref="HttpRequestMessage"/>
/// can be sent only once). A class rather than a record, so that no ToString prints user ids or bodies.
/// </summary>
internal sealed class FeishuRequest(string operation, HttpMethod method, string path, string? query, byte[]? body)
{
    /// <summary>Short name for logs and metrics, e.g. "sync_instance".</summary>
    public string Operation { get; } = operation;

    public HttpMethod Method { get; } = method;

    /// <summary>Relative path without the query string: safe to log.</summary>
    public string Path { get; } = path;

    /// <summary>Encoded query string without "?", or null. Holds user ids: never logged.</summary>
    public string? Query { get; } = query;

    public byte[]? Body { get; } = body;

    public HttpRequestMessage CreateMessage(string token)
    {
        var message = new HttpRequestMessage(Method, Query is null ? Path : $"{Path}?{Query}");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (Body is not null)
        {
            message.Content = FeishuHttpExchange.JsonContent(Body);
        }

        return message;
    }
}

/// <summary>Builds query strings: names as given, values percent-encoded, absent values left out.</summary>
internal static class FeishuQueryString
{
    public static string? Build(params ReadOnlySpan<(string Name, string? Value)> parameters)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(builder.Length == 0 ? string.Empty : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.Length == 0 ? null : builder.ToString();
    }
}
