using ApprovalFunctions.Core.DependencyInjection;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Storage.Tables;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using FeishuEmulator;
using FeishuEmulator.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.IntegrationTests.Reconcile;

/// <summary>
/// The app's services (<c>AddApprovalFunctions</c>) against a fresh Azurite and an in-process Feishu emulator, on a fake
/// clock. Nudges are driven by the test: <see cref="DrainSyncQueueAsync"/> runs the sync engine for every visible nudge,
/// as the queue trigger would.
/// </summary>
public sealed class ReconcileHarness : IAsyncDisposable
{
    public const string ApprovalCode = "reconcile-approval";

    private readonly ServiceProvider provider;

    private ReconcileHarness(ServiceProvider provider, FeishuEmulatorServer emulator, FakeTimeProvider clock)
    {
        this.provider = provider;
        Emulator = emulator;
        Clock = clock;
    }

    public FeishuEmulatorServer Emulator { get; }

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => provider;

    public IReconcileRound Round => provider.GetRequiredService<IReconcileRound>();

    public IInstanceStateStore Store => provider.GetRequiredService<IInstanceStateStore>();

    public IReconcileCheckpointStore Checkpoints => provider.GetRequiredService<IReconcileCheckpointStore>();

    public IFeishuApprovalClient Feishu => provider.GetRequiredService<IFeishuApprovalClient>();

    public FakeLogCollector Logs => provider.GetFakeLogCollector();

    public static async Task<ReconcileHarness> StartAsync(string storageConnectionString, IDictionary<string, string?>? settings = null)
    {
        var emulator = await FeishuEmulatorServer.StartAsync(new FeishuEmulatorOptions { RateLimitPerSecond = 100_000, RateLimitPerMinute = 1_000_000 });
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["Feishu:BaseUrl"] = emulator.BaseUrl.ToString(),
            ["Feishu:AppId"] = emulator.Options.AppId,
            ["Feishu:AppSecret"] = emulator.Options.AppSecret,
            // The fake clock never moves by itself: no client-side waits (retries, rate limiter) in these tests.
            ["Feishu:MaxRetries"] = "0",
            ["Feishu:RateLimit:CallsPerSecond"] = "100000",
            ["Feishu:RateLimit:CallsPerMinute"] = "6000000",
            ["Sweep:ShardCount"] = "288",
            ["Sync:NudgeDelay"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 30, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Information).AddFilter("Azure", LogLevel.None).AddFilter("System", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddApprovalFunctions(configuration);
        services.AddSingleton<TimeProvider>(clock);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var tables = provider.GetRequiredService<TableServiceClient>();
        var queues = provider.GetRequiredService<QueueServiceClient>();
        foreach (var table in StorageNames.Tables)
        {
            await tables.DeleteTableAsync(table);
        }

        foreach (var queue in StorageNames.Queues)
        {
            await queues.GetQueueClient(queue).DeleteIfExistsAsync();
        }

        await provider.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(CancellationToken.None);
        return new ReconcileHarness(provider, emulator, clock);
    }

    /// <summary>A valid instance with <paramref name="taskCount"/> tasks and one CC, all at <paramref name="updateTime"/>.</summary>
    public static ExternalInstance NewInstance(string instanceId, long updateTime, int taskCount = 2, UpdateMode mode = UpdateMode.Replace, InstanceStatus status = InstanceStatus.Pending)
    {
        var links = new ExternalLinks { PcLink = $"https://approvals.example.com/{instanceId}", MobileLink = $"https://m.approvals.example.com/{instanceId}" };
        return new ExternalInstance
        {
            ApprovalCode = ApprovalCode,
            InstanceId = instanceId,
            Status = status,
            Links = links,
            Title = "@i18n@title",
            UserId = "initiator-1",
            StartTime = 1_700_000_000_000,
            EndTime = 0,
            UpdateTime = updateTime,
            UpdateMode = mode,
            TaskList = Enumerable.Range(1, taskCount).Select(n => new ExternalTask
            {
                TaskId = $"{instanceId}-task-{n}",
                UserId = $"approver-{n}",
                Links = links,
                Status = TaskStatus.Pending,
                CreateTime = 1_700_000_000_000,
                EndTime = 0,
                UpdateTime = updateTime,
            }).ToList(),
            CcList =
            [
                new ExternalCc
                {
                    CcId = $"{instanceId}-cc-1",
                    UserId = "cc-user-1",
                    Links = links,
                    ReadStatus = ReadStatus.Unread,
                    CreateTime = 1_700_000_000_000,
                    UpdateTime = updateTime,
                },
            ],
            I18nResources =
            [
                new I18nResource { Locale = "en-US", IsDefault = true, Texts = [new I18nText { Key = "@i18n@title", Value = "Expense claim" }] },
            ],
        };
    }

    public async Task<IngestOutcome> IngestAsync(ExternalInstance change)
    {
        var outcome = await provider.GetRequiredService<IInstanceIngestor>().IngestAsync(change, CancellationToken.None);
        Assert.Equal(IngestOutcomeKind.Queued, outcome.Kind);
        return outcome;
    }

    /// <summary>Runs the sync engine for every visible nudge until the queue is empty, like the queue trigger; returns the nudges handled.</summary>
    public async Task<int> DrainSyncQueueAsync()
    {
        var engine = provider.GetRequiredService<IInstanceSyncEngine>();
        var queue = provider.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.SyncQueue);
        var handled = 0;
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(32)).Value;
            if (messages.Length == 0)
            {
                return handled;
            }

            foreach (var message in messages)
            {
                await engine.SyncAsync(SyncQueue.Deserialize(message.Body.ToString()), CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                handled++;
            }
        }
    }

    public async Task<int> QueuedNudgesAsync()
    {
        var queue = provider.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.SyncQueue);
        return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }

    public long CheckCalls => Emulator.Stats.Snapshot().CallsTo("check");

    public long SyncCalls => Emulator.Stats.Snapshot().CallsTo("sync");

    /// <summary>Every difference between desired state and what the emulator holds (empty when Feishu equals desired state).</summary>
    public async Task<IReadOnlyList<string>> DifferencesAsync(IEnumerable<string> instanceIds)
    {
        var problems = new List<string>();
        foreach (var id in instanceIds)
        {
            var state = await Store.LoadAsync(id, CancellationToken.None);
            var desired = state.Desired?.Document.Instance ?? throw new InvalidOperationException($"No desired state for {id}.");
            var held = Emulator.State.FindInstance(id);
            if (held is null)
            {
                problems.Add($"{id}: unknown to Feishu");
                continue;
            }

            if (held.UpdateTime < desired.UpdateTime)
            {
                problems.Add($"{id}: Feishu holds instance time {held.UpdateTime}, desired {desired.UpdateTime}");
            }

            if (!string.Equals(held.Status, StatusName(desired.Status), StringComparison.Ordinal))
            {
                problems.Add($"{id}: Feishu status {held.Status}, desired {desired.Status}");
            }

            var desiredTasks = (desired.TaskList ?? []).ToDictionary(t => t.TaskId, StringComparer.Ordinal);
            if (held.Tasks.Count != desiredTasks.Count)
            {
                problems.Add($"{id}: Feishu holds {held.Tasks.Count} tasks, desired {desiredTasks.Count}");
            }

            foreach (var task in desiredTasks.Values)
            {
                var heldTask = held.FindTask(task.TaskId);
                if (heldTask is null || heldTask.UpdateTime != task.UpdateTime)
                {
                    problems.Add($"{id}: task {task.TaskId} in Feishu at {heldTask?.UpdateTime.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, desired {task.UpdateTime}");
                }
            }

            foreach (var cc in desired.CcList ?? [])
            {
                var heldCc = held.FindCc(cc.CcId);
                if (heldCc is null || heldCc.UpdateTime != cc.UpdateTime)
                {
                    problems.Add($"{id}: CC {cc.CcId} in Feishu at {heldCc?.UpdateTime.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, desired {cc.UpdateTime}");
                }
            }
        }

        return problems;
    }

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    private static string StatusName(InstanceStatus status) => status.ToString().ToUpperInvariant();
}
