using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FeishuEmulator.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace FeishuEmulator.Tests.Emulator.Infrastructure;

/// <summary>
/// One emulator on a free port, spoken to over real HTTP with a plain <see cref="HttpClient"/> and raw JSON,
/// as Feishu would be. With a fake clock, time moves only when a test advances it.
/// </summary>
public sealed class EmulatorHarness : IAsyncDisposable
{
    public const string SyncPath = "/open-apis/approval/v4/external_instances";
    public const string CheckPath = "/open-apis/approval/v4/external_instances/check";
    public const string TokenPath = "/open-apis/auth/v3/tenant_access_token/internal";
    public const string TasksQueryPath = "/open-apis/approval/v4/tasks/query";
    public const string ExternalTasksPath = "/open-apis/approval/v4/external_tasks";
    public const string ExternalApprovalsPath = "/open-apis/approval/v4/external_approvals";

    /// <summary>Where fake clocks start: 12:00:00.250 so second and minute windows have a known remainder.</summary>
    public static readonly DateTimeOffset ClockStart = new(2026, 3, 2, 12, 0, 0, 250, TimeSpan.Zero);

    private string? _token;

    private EmulatorHarness(FeishuEmulatorServer server, FakeTimeProvider? clock)
    {
        Server = server;
        Clock = clock;
        Http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public FeishuEmulatorServer Server { get; }

    /// <summary>The emulator's clock when started with a fake one; null when it runs on real time.</summary>
    public FakeTimeProvider? Clock { get; }

    public HttpClient Http { get; }

    public static async Task<EmulatorHarness> StartAsync(FeishuEmulatorOptions? options = null, bool fakeClock = true)
    {
        var clock = fakeClock ? new FakeTimeProvider(ClockStart) : null;
        var server = await FeishuEmulatorServer.StartAsync(options, timeProvider: clock);
        return new EmulatorHarness(server, clock);
    }

    /// <summary>A tenant token from the emulator (fetched once, then reused).</summary>
    public async Task<string> TokenAsync()
    {
        if (_token is null)
        {
            var reply = await RequestTokenAsync();
            _token = reply.Body!["tenant_access_token"]!.GetValue<string>();
        }

        return _token;
    }

    public Task<FeishuReply> RequestTokenAsync(string? appId = null, string? appSecret = null) =>
        SendAsync(HttpMethod.Post, TokenPath, new JsonObject
        {
            ["app_id"] = appId ?? Server.Options.AppId,
            ["app_secret"] = appSecret ?? Server.Options.AppSecret,
        }, authorization: null);

    public async Task<FeishuReply> SyncAsync(JsonObject instance) =>
        await SendAsync(HttpMethod.Post, SyncPath, instance, await BearerAsync());

    /// <summary>Syncs and insists on code 0, for the arrange part of a test.</summary>
    public async Task SyncOkAsync(JsonObject instance)
    {
        var reply = await SyncAsync(instance);
        Assert.True(reply.Code == 0, $"sync failed: {reply.Raw}");
    }

    public async Task<FeishuReply> CheckAsync(JsonObject request) =>
        await SendAsync(HttpMethod.Post, CheckPath, request, await BearerAsync());

    public async Task<FeishuReply> PostAsync(string path, JsonNode body) =>
        await SendAsync(HttpMethod.Post, path, body, await BearerAsync());

    public async Task<FeishuReply> GetAsync(string pathAndQuery, JsonNode? body = null) =>
        await SendAsync(HttpMethod.Get, pathAndQuery, body, await BearerAsync());

    public async Task<AuthenticationHeaderValue> BearerAsync() => new("Bearer", await TokenAsync());

    public async Task<FeishuReply> SendAsync(HttpMethod method, string pathAndQuery, JsonNode? body, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        request.Headers.Authorization = authorization;
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        return await FeishuReply.ReadAsync(response);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>An answer of the emulated Feishu, read as raw JSON.</summary>
public sealed record FeishuReply(HttpStatusCode Status, JsonObject? Body, string Raw, IReadOnlyDictionary<string, string> Headers)
{
    public int Code => Body?["code"]?.GetValue<int>() ?? throw new InvalidOperationException($"The answer has no JSON code: {Raw}");

    public string Msg => Body?["msg"]?.GetValue<string>() ?? string.Empty;

    public JsonNode? Data => Body?["data"];

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public static async Task<FeishuReply> ReadAsync(HttpResponseMessage response)
    {
        var raw = await response.Content.ReadAsStringAsync();
        JsonObject? body = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            body = JsonNode.Parse(raw) as JsonObject;
        }

        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new FeishuReply(response.StatusCode, body, raw, headers);
    }
}
