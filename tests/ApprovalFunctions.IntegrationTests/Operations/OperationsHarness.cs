using ApprovalFunctions.Core.DependencyInjection;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using Azure.Storage.Queues;
using FeishuEmulator;
using FeishuEmulator.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalFunctions.IntegrationTests.Operations;

/// <summary>
/// The app's own services (<c>AddApprovalFunctions</c>) against real Azurite and an in-process Feishu emulator, with the
/// real Feishu client. Queues are drained by calling the same services the queue functions call, so tests are deterministic.
/// </summary>
internal sealed class OperationsHarness : IAsyncDisposable
{
    private const int DrainParallelism = 8;
    private readonly ServiceProvider provider;

    private OperationsHarness(ServiceProvider provider, FeishuEmulatorServer emulator)
    {
        this.provider = provider;
        Emulator = emulator;
    }

    public FeishuEmulatorServer Emulator { get; }

    public IServiceProvider Services => provider;

    public IInstanceStateStore Store => provider.GetRequiredService<IInstanceStateStore>();

    public IInstanceIngestor Ingestor => provider.GetRequiredService<IInstanceIngestor>();

    public T Get<T>()
        where T : notnull => provider.GetRequiredService<T>();

    public static FeishuEmulatorOptions FastEmulator() => new() { RateLimitPerSecond = 2000, RateLimitPerMinute = 200_000 };

    /// <summary>App settings that point the app at this Azurite and this emulator, with Feishu's budget raised for tests.</summary>
    public static Dictionary<string, string?> Settings(AzuriteFixture azurite, FeishuEmulatorServer emulator) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Feishu:BaseUrl"] = emulator.BaseUrl.ToString(),
        ["Feishu:AppId"] = emulator.Options.AppId,
        ["Feishu:AppSecret"] = emulator.Options.AppSecret,
        ["Feishu:RateLimit:CallsPerSecond"] = "1000",
        ["Feishu:RateLimit:CallsPerMinute"] = "100000",
        ["Feishu:MaxRetries"] = "0",
        ["Sync:NudgeDelay"] = "00:00:00",
    };

    public static async Task<OperationsHarness> StartAsync(AzuriteFixture azurite, FeishuEmulatorOptions? emulatorOptions = null, Dictionary<string, string?>? settings = null)
    {
        var emulator = await FeishuEmulatorServer.StartAsync(emulatorOptions ?? FastEmulator());
        var values = Settings(azurite, emulator);
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddApprovalFunctions(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await provider.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(CancellationToken.None);
        return new OperationsHarness(provider, emulator);
    }

    /// <summary>Runs the sync engine for every visible nudge until the sync queue is empty.</summary>
    public Task DrainSyncAsync() =>
        DrainAsync(StorageNames.SyncQueue, (message, token) => Get<IInstanceSyncEngine>().SyncAsync(SyncQueue.Deserialize(message), token));

    /// <summary>
    /// Runs the sync engine once for each nudge visible now, without waiting for the ones it re-enqueues: what a test uses
    /// while an instance is held, where draining would chase its lease-busy retries until the lease ends.
    /// </summary>
    public async Task<IReadOnlyList<SyncRunResult>> SyncVisibleNudgesOnceAsync()
    {
        var queue = Get<QueueServiceClient>().GetQueueClient(StorageNames.SyncQueue);
        var results = new List<SyncRunResult>();
        foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(2))).Value)
        {
            results.Add(await Get<IInstanceSyncEngine>().SyncAsync(SyncQueue.Deserialize(message.Body.ToString()), CancellationToken.None));
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        return results;
    }

    public async Task<int> VisibleMessagesAsync(string queueName)
    {
        var queue = Get<QueueServiceClient>().GetQueueClient(queueName);
        var peeked = await queue.PeekMessagesAsync(32);
        return peeked.Value.Length;
    }

    /// <summary>Feishu's answer to "does this instance exist", through the real client.</summary>
    public IFeishuApprovalClient Feishu => Get<IFeishuApprovalClient>();

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    private async Task DrainAsync(string queueName, Func<string, CancellationToken, Task> handle)
    {
        var queue = Get<QueueServiceClient>().GetQueueClient(queueName);
        while (true)
        {
            var received = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(2))).Value;
            if (received.Length == 0)
            {
                return;
            }

            await Parallel.ForEachAsync(received, new ParallelOptions { MaxDegreeOfParallelism = DrainParallelism }, async (message, token) =>
            {
                await handle(message.Body.ToString(), token);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, token);
            });
        }
    }
}
