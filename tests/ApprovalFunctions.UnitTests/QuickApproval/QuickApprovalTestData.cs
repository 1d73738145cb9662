using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalFunctions.Core.QuickApproval;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.UnitTests.QuickApproval;

/// <summary>Callbacks as Feishu sends them, settings, and a scripted source system for quick-approval tests.</summary>
internal static class QuickApprovalTestData
{
    public const string Token = "token-of-the-definition";
    public const string Key = "key-of-the-definition";
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    public static readonly string SourceSecret = "whsec_" + Convert.ToBase64String(Enumerable.Repeat((byte)0x5A, 32).ToArray());
    public static readonly string NextSourceSecret = "whsec_" + Convert.ToBase64String(Enumerable.Repeat((byte)0x6B, 32).ToArray());

    public static CallbackOptions Options(string? key = null, TimeSpan? timeout = null) => new()
    {
        Token = Token,
        Key = key,
        SourceUrl = "https://erp.example.com/feishu/actions",
        SourceSecret = SourceSecret,
        Timeout = timeout ?? TimeSpan.FromSeconds(4),
    };

    public static IOptions<CallbackOptions> Wrap(CallbackOptions options) => Microsoft.Extensions.Options.Options.Create(options);

    /// <summary>A list action as Feishu documents it; <paramref name="change"/> edits the fields before sending.</summary>
    public static JsonObject Callback(Action<JsonObject>? change = null)
    {
        var callback = new JsonObject
        {
            ["action_type"] = "APPROVE",
            ["action_context"] = "ctx-42",
            ["user_id"] = "ou_approver",
            ["approval_code"] = "PURCHASE",
            ["instance_id"] = "PR-1",
            ["task_id"] = "PR-1-T2",
            ["reason"] = "fine by me",
            ["token"] = Token,
        };
        change?.Invoke(callback);
        return callback;
    }

    public static byte[] Plain(JsonObject callback) => Encoding.UTF8.GetBytes(callback.ToJsonString());

    /// <summary>Encrypted exactly as approval-api.md §8 says: base64(IV ‖ AES-256-CBC(SHA-256(key), PKCS7)).</summary>
    public static byte[] Encrypted(JsonObject callback, string key = Key) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["encrypt"] = Encrypt(key, callback.ToJsonString()) }.ToJsonString());

    public static string Encrypt(string key, string plaintext)
    {
        using var aes = Aes.Create();
        aes.Key = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var iv = RandomNumberGenerator.GetBytes(16);
        return Convert.ToBase64String([.. iv, .. aes.EncryptCbc(Encoding.UTF8.GetBytes(plaintext), iv, PaddingMode.PKCS7)]);
    }

    public static FeishuActionCallback Parsed(Action<JsonObject>? change = null) =>
        new FeishuCallbackReader(Wrap(Options())).Read(Plain(Callback(change))).Callback
        ?? throw new InvalidOperationException("The test callback does not parse.");
}

/// <summary>A source system that answers each request with the next scripted answer and records what it received.</summary>
internal sealed class ScriptedSource(params Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] answers) : HttpMessageHandler
{
    private int _next;

    public List<(HttpRequestMessage Request, byte[] Body)> Received { get; } = [];

    public static HttpResponseMessage Answer(HttpStatusCode status, string? json = null) =>
        new(status) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") };

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Always(HttpStatusCode status, string? json = null) =>
        (_, _) => Task.FromResult(Answer(status, json));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Received.Add((request, request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken)));
        var answer = answers[Math.Min(_next++, answers.Length - 1)];
        return await answer(request, cancellationToken);
    }
}
