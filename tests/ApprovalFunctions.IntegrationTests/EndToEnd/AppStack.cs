using ApprovalFunctions.Core.Storage.Queues;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.LocalHost;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using FeishuEmulator;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// The whole pipeline as users run it, in this process: a real Azurite, the Feishu emulator, and the local Functions host
/// running the FunctionApp's own function classes with the app's own services (<c>AddApprovalFunctions</c>) and the real
/// Feishu client pointed at the emulator. Use it as a class fixture (subclass it and override <see cref="CreateOptions"/>
/// for a variant) or start one with <see cref="StartAsync"/>. Settings keep tests fast: the repository's host.json with a
/// 0.2 s queue polling interval and visibility timeout, short sync retry delays, and a 1 s Feishu request timeout.
/// Wait with <see cref="WaitForFeishuAsync"/> and <see cref="WaitForQueueDrainedAsync"/>, never with fixed sleeps.
/// </summary>
public class AppStack : IAsyncLifetime, IAsyncDisposable
{
    public static readonly Assembly FunctionApp = Assembly.Load("ApprovalFunctions.FunctionApp");

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly AzuriteFixture azurite = new();
    private readonly List<LocalFunctionsHost> hosts = [];
    private readonly AppStackOptions? givenOptions;
    private AppStackOptions options = new();

    public AppStack()
    {
    }

    private AppStack(AppStackOptions options) => givenOptions = options;

    public FeishuEmulatorServer Emulator { get; private set; } = null!;

    /// <summary>The first host; <see cref="Client"/> talks to it.</summary>
    public LocalFunctionsHost Host => hosts[0];

    public IReadOnlyList<LocalFunctionsHost> Hosts => hosts;

    /// <summary>An HTTP client of <see cref="Host"/> (no function key).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Every sync request the app sent to Feishu, by instance.</summary>
    public FeishuSyncRecorder FeishuSyncs { get; } = new();

    public string StorageConnectionString => azurite.ConnectionString;

    /// <summary>The nudge queue, read with the test's own client (not counted as the app's storage operations).</summary>
    public QueueClient SyncQueue { get; private set; } = null!;

    public QueueClient SyncPoisonQueue { get; private set; } = null!;

    public TableClient InstancesTable { get; private set; } = null!;

    public TableClient SyncIssuesTable { get; private set; } = null!;

    /// <summary>The app's own state store in <see cref="Host"/> (its calls count as the host's storage operations).</summary>
    public IInstanceStateStore Store => Host.Services.GetRequiredService<IInstanceStateStore>();

    public static async Task<AppStack> StartAsync(AppStackOptions options)
    {
        var stack = new AppStack(options);
        try
        {
            await stack.InitializeAsync();
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }

        return stack;
    }

    public async Task InitializeAsync()
    {
        options = givenOptions ?? CreateOptions();
        await azurite.InitializeAsync();

        var emulatorOptions = new FeishuEmulator.Configuration.FeishuEmulatorOptions
        {
            RateLimitPerSecond = 100_000,
            RateLimitPerMinute = 6_000_000,
            RequireKnownApprovalCode = options.KnownApprovalCodes.Count > 0,
        };
        options.ConfigureEmulator?.Invoke(emulatorOptions);
        Emulator = await FeishuEmulatorServer.StartAsync(emulatorOptions);

        SyncQueue = new QueueClient(StorageConnectionString, StorageNames.SyncQueue);
        SyncPoisonQueue = new QueueClient(StorageConnectionString, StorageNames.SyncPoisonQueue);
        InstancesTable = new TableClient(StorageConnectionString, StorageNames.InstancesTable);
        SyncIssuesTable = new TableClient(StorageConnectionString, StorageNames.SyncIssuesTable);

        await StartHostAsync(options.Functions);
        Client = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        foreach (var code in options.KnownApprovalCodes)
        {
            await CreateApprovalAsync(code);
        }
    }

    /// <summary>Starts one more local host on the same Azurite and emulator (another processor of the same queue).</summary>
    public async Task<LocalFunctionsHost> StartHostAsync(HostFunctions functions, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions
        {
            FunctionClasses = FunctionClasses(functions),
            HostJsonFile = RepositoryPaths.Combine("host.json"),
            Settings = HostSettings(settings),
            Port = 0,
            ConfigureServices = services =>
            {
                services.AddHttpClient(FeishuHttpClient.Name).AddHttpMessageHandler(FeishuSyncs.CreateHandler);
                options.ConfigureServices?.Invoke(services);
            },
        });
        hosts.Add(host);
        return host;
    }

    /// <summary>Stops and removes a host started by <see cref="StartHostAsync"/>.</summary>
    public async Task StopHostAsync(LocalFunctionsHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        hosts.Remove(host);
        await host.DisposeAsync();
    }

    public Task<HttpResponseMessage> PostInstanceAsync(JsonNode body, HttpClient? client = null) =>
        (client ?? Client).PostAsync(new Uri("api/instances", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>Posts a change and asserts it was accepted (202); returns the outcome (queued, stale or duplicate).</summary>
    public async Task<string> PostAcceptedAsync(JsonNode body, HttpClient? client = null)
    {
        using var response = await PostInstanceAsync(body, client);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["outcome"]!.GetValue<string>();
    }

    /// <summary>Posts instances through <c>POST /api/instances/batch</c> (up to 100) and asserts every one was accepted.</summary>
    public async Task PostBatchAcceptedAsync(IEnumerable<JsonObject> instances, HttpClient? client = null)
    {
        var body = new JsonObject { ["instances"] = new JsonArray([.. instances]) };
        using var response = await (client ?? Client).PostAsync(
            new Uri("api/instances/batch", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        Assert.All(JsonNode.Parse(text)!["results"]!.AsArray(), result => Assert.Equal(202, result!["status"]!.GetValue<int>()));
    }

    /// <summary>Waits until the emulator holds every expected instance exactly (see <see cref="FeishuComparison"/>).</summary>
    public async Task WaitForFeishuAsync(IEnumerable<JsonObject> expected, TimeSpan? timeout = null)
    {
        var wanted = expected.ToList();
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var differences = wanted.SelectMany(e => FeishuComparison.Differences(e, Emulator.State.FindInstance(e["instance_id"]!.GetValue<string>()))).ToList();
            if (differences.Count == 0)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                var queued = (await SyncQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
                throw new TimeoutException(
                    $"Feishu still differs after {(timeout ?? DefaultTimeout).TotalSeconds:0} s ({queued} nudges queued):{Environment.NewLine}" +
                    string.Join(Environment.NewLine, differences.Take(40)));
            }

            await Task.Delay(PollInterval);
        }
    }

    public Task WaitForFeishuAsync(params JsonObject[] expected) => WaitForFeishuAsync(expected, timeout: null);

    /// <summary>
    /// Waits until the nudge queue is empty. Messages being processed or waiting for a retry are still counted by the
    /// queue, so empty means every accepted change has been synced, parked or found up to date.
    /// </summary>
    public async Task WaitForQueueDrainedAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var queued = (await SyncQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
            if (queued == 0)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The nudge queue still holds {queued} messages after {(timeout ?? DefaultTimeout).TotalSeconds:0} s.");
            }

            await Task.Delay(PollInterval);
        }
    }

    public async Task<int> QueuedNudgesAsync() => (await SyncQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    /// <summary>The host's <c>GET /local/counters</c>.</summary>
    public async Task<IReadOnlyDictionary<string, double>> GetCountersAsync(LocalFunctionsHost? host = null)
    {
        using var client = new HttpClient { BaseAddress = (host ?? Host).BaseAddress };
        return (await client.GetFromJsonAsync<Dictionary<string, double>>(new Uri("local/counters", UriKind.Relative)))!;
    }

    /// <summary>Whether the <c>instances</c> table holds any row of the instance.</summary>
    public async Task<bool> HasInstanceRowsAsync(string instanceId)
    {
        var partition = TableKeys.Encode(instanceId);
        await foreach (var _ in InstancesTable.QueryAsync<TableEntity>(e => e.PartitionKey == partition, maxPerPage: 1, select: ["PartitionKey"]))
        {
            return true;
        }

        return false;
    }

    /// <summary>The parked rows of <c>syncissues</c>.</summary>
    public async Task<IReadOnlyList<TableEntity>> ParkedIssuesAsync()
    {
        var parkedPartition = Core.Storage.Tables.SyncIssuesTable.Partition(SyncIssueKind.Parked);
        var rows = new List<TableEntity>();
        await foreach (var row in SyncIssuesTable.QueryAsync<TableEntity>(e => e.PartitionKey == parkedPartition))
        {
            rows.Add(row);
        }

        return rows;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        foreach (var host in hosts.AsEnumerable().Reverse())
        {
            await host.DisposeAsync();
        }

        hosts.Clear();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        await azurite.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>The options of a fixture subclass; the default stack runs every function with the defaults.</summary>
    protected virtual AppStackOptions CreateOptions() => new();

    private Dictionary<string, string?> HostSettings(IReadOnlyDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = StorageConnectionString,
            ["Feishu__BaseUrl"] = Emulator.BaseUrl.ToString(),
            ["Feishu__AppId"] = Emulator.Options.AppId,
            ["Feishu__AppSecret"] = Emulator.Options.AppSecret,
            ["Feishu__RequestTimeout"] = "00:00:01",
            ["Feishu__RetryBaseDelay"] = "00:00:00.010",
            ["Feishu__RateLimit__CallsPerSecond"] = "10000",
            ["Feishu__RateLimit__CallsPerMinute"] = "600000",
            ["Sync__RetryBaseDelay"] = "00:00:00.050",
            ["Sync__RetryMaxDelay"] = "00:00:01",
            ["Sync__LeaseBusyDelay"] = "00:00:00.100",
            ["Sync__AuthRetryDelay"] = "00:00:01",
            // Nudges visible at once: these tests are about the pipeline under faults, not about coalescing bursts.
            ["Sync__NudgeDelay"] = "00:00:00",
            ["ReconcileSchedule"] = "0 */5 * * * *",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.2",
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:00.2",
            ["Logging__LogLevel__Default"] = "Warning",
            // Expected 404s of entity reads would flood the output.
            ["Logging__LogLevel__Azure.Core"] = "Error",
        };
        foreach (var (key, value) in options.Settings.Concat(extra ?? new Dictionary<string, string?>()))
        {
            settings[key] = value;
        }

        return settings;
    }

    private static Type[] FunctionClasses(HostFunctions functions)
    {
        var all = FunctionCatalog.Discover(FunctionCatalog.FunctionClassesIn(FunctionApp));
        return functions switch
        {
            HostFunctions.All => [.. all.Select(f => f.FunctionClass).Distinct()],
            HostFunctions.IngestOnly => [.. all.GroupBy(f => f.FunctionClass).Where(g => g.All(f => f.Trigger is HttpFunctionTrigger)).Select(g => g.Key)],
            _ => throw new ArgumentOutOfRangeException(nameof(functions), functions, null),
        };
    }

    private async Task CreateApprovalAsync(string approvalCode)
    {
        var feishu = Host.Services.GetRequiredService<IFeishuApprovalClient>();
        await feishu.CreateExternalApprovalAsync(
            new ExternalApprovalDefinition
            {
                ApprovalName = "@i18n@approval_name",
                ApprovalCode = approvalCode,
                GroupCode = "e2e",
                External = new ExternalApprovalSettings
                {
                    BizName = "@i18n@approval_name",
                    CreateLinkPc = "https://erp.example.com/new",
                    SupportPc = true,
                    SupportMobile = false,
                },
                I18nResources =
                [
                    new I18nResource { Locale = "zh-CN", IsDefault = true, Texts = [new I18nText { Key = "@i18n@approval_name", Value = "采购" }] },
                ],
            },
            CancellationToken.None);
    }
}
