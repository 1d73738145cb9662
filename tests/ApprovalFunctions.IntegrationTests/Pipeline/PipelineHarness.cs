using ApprovalFunctions.Core.DependencyInjection;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ApprovalFunctions.IntegrationTests.Pipeline;

/// <summary>
/// The app's whole service graph (<c>AddApprovalFunctions</c>) on a real Azurite, with a fake Feishu and a recording
/// nudge queue, and a drain loop standing in for the queue trigger.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private PipelineHarness(ServiceProvider provider, FakeFeishuApprovals feishu, RecordingSyncQueue queue)
    {
        this.provider = provider;
        Feishu = feishu;
        Queue = queue;
    }

    public FakeFeishuApprovals Feishu { get; }

    public RecordingSyncQueue Queue { get; }

    public IInstanceIngestor Ingestor => provider.GetRequiredService<IInstanceIngestor>();

    public IInstanceStateStore Store => provider.GetRequiredService<IInstanceStateStore>();

    public IInstanceSyncEngine Engine => provider.GetRequiredService<IInstanceSyncEngine>();

    public QueueClient SyncQueueClient => provider.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.SyncQueue);

    public T Get<T>()
        where T : notnull => provider.GetRequiredService<T>();

    public static async Task<PipelineHarness> StartAsync(AzuriteFixture azurite, Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Feishu:BaseUrl"] = "http://127.0.0.1:9",
            ["Feishu:AppId"] = "cli_test",
            ["Feishu:AppSecret"] = "test-secret",
            ["Sync:RetryBaseDelay"] = "00:00:00.100",
            ["Sync:LeaseBusyDelay"] = "00:00:00.100",
            ["Sync:NudgeDelay"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddApprovalFunctions(configuration);

        var feishu = new FakeFeishuApprovals();
        services.AddSingleton<IFeishuApprovalClient>(feishu);
        services.AddSingleton(sp => new RecordingSyncQueue(new SyncQueue(sp.GetRequiredService<QueueServiceClient>())));
        services.AddSingleton<ISyncQueue>(sp => sp.GetRequiredService<RecordingSyncQueue>());

        var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        await provider.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.SyncQueue).ClearMessagesAsync();
        return new PipelineHarness(provider, feishu, provider.GetRequiredService<RecordingSyncQueue>());
    }

    /// <summary>
    /// Runs the engine on every nudge, as the queue trigger does, until the queue stays empty for
    /// <paramref name="quietPeriod"/> (delayed nudges become visible meanwhile). Returns each nudge's result.
    /// </summary>
    public async Task<List<(SyncNudge Nudge, SyncRunResult Result)>> DrainAsync(TimeSpan? quietPeriod = null, TimeSpan? timeout = null)
    {
        var quiet = quietPeriod ?? TimeSpan.FromMilliseconds(300);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var results = new List<(SyncNudge, SyncRunResult)>();
        var lastWork = DateTime.UtcNow;
        while (DateTime.UtcNow - lastWork < quiet)
        {
            Assert.True(DateTime.UtcNow < deadline, "The sync queue did not drain in time.");
            var messages = (await SyncQueueClient.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
            if (messages.Length == 0)
            {
                await Task.Delay(50);
                continue;
            }

            foreach (var message in messages)
            {
                var nudge = SyncQueue.Deserialize(message.Body.ToString());
                results.Add((nudge, await Engine.SyncAsync(nudge, CancellationToken.None)));
                await SyncQueueClient.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }

            lastWork = DateTime.UtcNow;
        }

        return results;
    }

    /// <summary>Runs the engine on the nudges visible now, until none is left (no waiting for delayed ones).</summary>
    public async Task<int> DrainVisibleAsync()
    {
        var processed = 0;
        while ((await SyncQueueClient.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                await Engine.SyncAsync(SyncQueue.Deserialize(message.Body.ToString()), CancellationToken.None);
                await SyncQueueClient.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                processed++;
            }
        }

        return processed;
    }

    public async ValueTask DisposeAsync() => await provider.DisposeAsync();
}
