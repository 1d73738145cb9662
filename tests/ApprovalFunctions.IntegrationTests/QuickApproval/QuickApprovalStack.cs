using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalFunctions.IntegrationTests.EndToEnd;
using ApprovalFunctions.SourceStandIn;

namespace ApprovalFunctions.IntegrationTests.QuickApproval;

/// <summary>
/// The whole quick-approval loop over real HTTP: the source stand-in (the company's system), Azurite, the Feishu emulator
/// and the local host with function and admin keys on, quick approval configured against the stand-in, and the definition
/// created through the app's own operator endpoint. <see cref="Key"/> decides whether Feishu encrypts callbacks.
/// </summary>
public abstract class QuickApprovalStack : IAsyncLifetime
{
    public const string Token = "it-callback-token";
    public const string FunctionKey = "it-function-key";
    public const string AdminKey = "it-admin-key";
    public const string ApprovalCode = "7C468A54-8745-4D1F-A46B-1B6A2B3E4F01";

    /// <summary>How long the relay waits for the source in these tests (the default is 4 s).</summary>
    public static readonly TimeSpan RelayTimeout = TimeSpan.FromSeconds(2);

    public static readonly string SourceSecret = SignedRequests.Secret(0x5C);

    public SourceStandInServer Source { get; private set; } = null!;

    public AppStack App { get; private set; } = null!;

    /// <summary>A client of the app carrying the admin key.</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>A client of the app without any key, as Feishu calls it.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public HttpClient Feishu { get; private set; } = null!;

    public abstract string? Key { get; }

    public async Task InitializeAsync()
    {
        Source = await SourceStandInServer.StartAsync(new SourceStandInOptions { Secret = SourceSecret, FunctionKey = FunctionKey });
        App = await AppStack.StartAsync(new AppStackOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["LocalHost__FunctionKey"] = FunctionKey,
                ["LocalHost__AdminKey"] = AdminKey,
                ["Callback__Token"] = Token,
                ["Callback__Key"] = Key,
                ["Callback__SourceUrl"] = Source.ActionsUrl.ToString(),
                ["Callback__SourceSecret"] = SourceSecret,
                ["Callback__Timeout"] = RelayTimeout.ToString(),
                ["Callback__CompletionGrace"] = "00:00:01",
            },
        });
        Source.Options.AppBaseUrl = App.Host.BaseAddress;
        Admin = new HttpClient { BaseAddress = App.Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Admin.DefaultRequestHeaders.Add("x-functions-key", AdminKey);
        Anonymous = new HttpClient { BaseAddress = App.Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Feishu = new HttpClient { BaseAddress = App.Emulator.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

        using var published = await PublishDefinitionAsync(Definition());
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        Anonymous?.Dispose();
        Feishu?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (Source is not null)
        {
            await Source.DisposeAsync();
        }
    }

    /// <summary>The repository's sample definition (tools/samples/approval-definition.json).</summary>
    public static JsonObject Definition() =>
        JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("tools", "samples", "approval-definition.json")))!.AsObject();

    public Task<HttpResponseMessage> PublishDefinitionAsync(JsonObject definition, HttpClient? client = null) =>
        (client ?? Admin).PutAsync(new Uri("api/ops/approval-definition", UriKind.Relative), new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>
    /// The repository's sample instance (its finance task T2 pending, with action_configs) under a fresh id, sent through
    /// the stand-in as the source system would; returns once Feishu holds it.
    /// </summary>
    public async Task<string> SubmitSampleAsync()
    {
        var instanceId = "QA-" + Guid.NewGuid().ToString("N")[..12];
        var text = (await File.ReadAllTextAsync(RepositoryPaths.Combine("tools", "samples", "instance.json"))).Replace("PR-2026-000123", instanceId, StringComparison.Ordinal);
        using var response = await Feishu.PostAsync(new Uri(Source.BaseUrl, "instances"), new StringContent(text, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await WaitForTaskAsync(instanceId, "PENDING");
        return instanceId;
    }

    public static string FinanceTask(string instanceId) => instanceId + "-T2";

    /// <summary>Taps in Feishu (the emulator); returns its report of what the app answered.</summary>
    public async Task<JsonObject> TapAsync(string instanceId, string actionType = "APPROVE", string? reason = null)
    {
        var tap = new JsonObject { ["instance_id"] = instanceId, ["task_id"] = FinanceTask(instanceId), ["action_type"] = actionType, ["reason"] = reason };
        using var response = await Feishu.PostAsJsonAsync("emulator/taps", tap);
        var report = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(response.IsSuccessStatusCode, report.ToJsonString());
        return report;
    }

    /// <summary>Waits until Feishu shows the finance task in <paramref name="status"/>; returns its effective update_time.</summary>
    public async Task<long> WaitForTaskAsync(string instanceId, string status)
    {
        var deadline = DateTimeOffset.UtcNow + AppStack.DefaultTimeout;
        while (true)
        {
            if (App.Emulator.State.FindInstance(instanceId)?.FindTask(FinanceTask(instanceId)) is { } task && task.Status == status)
            {
                return task.UpdateTime;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Feishu does not show task {FinanceTask(instanceId)} as {status} after {AppStack.DefaultTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(50);
        }
    }

    public async Task<JsonObject> GetJsonAsync(string path, HttpClient? client = null)
    {
        using var response = await (client ?? Admin).GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public IReadOnlyList<Delivery> DeliveriesFor(string instanceId) => [.. Source.Deliveries.All.Where(d => d.InstanceId == instanceId)];
}

/// <summary>Callbacks encrypted with <c>Callback__Key</c>, as infra deploys it.</summary>
public sealed class EncryptedQuickApprovalStack : QuickApprovalStack
{
    public const string CallbackKey = "it-callback-key";

    public override string? Key => CallbackKey;
}

/// <summary>No key: Feishu sends callbacks in plain JSON (token in the body).</summary>
public sealed class PlainQuickApprovalStack : QuickApprovalStack
{
    public override string? Key => null;
}
