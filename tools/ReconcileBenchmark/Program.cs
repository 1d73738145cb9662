using System.Diagnostics;
using System.Globalization;
using ApprovalFunctions.Core.DependencyInjection;
using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Core.Storage.Tables;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.ReconcileBenchmark;
using Azure.Data.Tables;
using FeishuEmulator;
using FeishuEmulator.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Seeds a fresh Azurite with a large store, runs one reconcile round against an in-process Feishu emulator and prints
// what the round cost. Usage: dotnet run --project tools/ReconcileBenchmark -- --storage "<Azurite connection string>".
var settings = BenchmarkSettings.Parse(args);
var roundTime = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero);
await using var emulator = await FeishuEmulatorServer.StartAsync(new FeishuEmulatorOptions { RateLimitPerSecond = 1_000_000, RateLimitPerMinute = 10_000_000 });
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["AzureWebJobsStorage"] = settings.Storage,
    ["Feishu:BaseUrl"] = emulator.BaseUrl.ToString(),
    ["Feishu:AppId"] = emulator.Options.AppId,
    ["Feishu:AppSecret"] = emulator.Options.AppSecret,
    ["Feishu:RateLimit:CallsPerSecond"] = "100000",
    ["Feishu:RateLimit:CallsPerMinute"] = "6000000",
}).Build();

var services = new ServiceCollection();
services.AddLogging(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
    .AddFilter("Azure", LogLevel.Error)
    .AddFilter("ApprovalFunctions.Core.Reconcile", LogLevel.Information)
    .AddFilter("ApprovalFunctions.Core.Reconcile.ReconcileRound", LogLevel.Error));
services.AddSingleton<IConfiguration>(configuration);
services.AddApprovalFunctions(configuration);
services.AddSingleton<TimeProvider>(new RoundClock(roundTime));
await using var provider = services.BuildServiceProvider();
await provider.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(CancellationToken.None);

var store = provider.GetRequiredService<IInstanceStateStore>();
var tables = provider.GetRequiredService<TableServiceClient>();
var sweepSettings = provider.GetRequiredService<IOptions<SweepIndexOptions>>().Value;
var shardCount = sweepSettings.ShardCount;
var roundShard = SweepSchedule.ShardFor(roundTime, sweepSettings.Period, shardCount);
var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism };
var baseTime = roundTime.AddDays(-3).ToUnixTimeMilliseconds();

string IdOf(int n) => $"bench-{n:D6}";
bool IsChanged(int n) => n < settings.Changed;
bool InSweep(int n) => IsChanged(n) || (n % 1000) < settings.SweepFraction * 1000;

Console.WriteLine($"Seeding {settings.Instances:N0} instances ({settings.Changed:N0} changed in the window, {settings.SweepFraction:P0} in the sweep index, {settings.Drift} lost in Feishu) ...");
var seeding = Stopwatch.StartNew();

// 1. Desired state for every instance, through the store (the rows exactly as the app writes them); watermarks only
//    where a round can read them (the window and this round's sweep shard): no round reads the others.
bool RoundReads(int n) => IsChanged(n) || (InSweep(n) && SweepShards.ShardOf(IdOf(n), shardCount) == roundShard);
var written = 0;
await Parallel.ForEachAsync(Enumerable.Range(0, settings.Instances), parallel, async (n, ct) =>
{
    var (desired, synced) = BenchmarkInstances.StateOf(BenchmarkInstances.Create(IdOf(n), baseTime + n), roundTime.AddMinutes(IsChanged(n) ? -3 : -4_000));
    if ((n >= settings.StoredFrom && n < settings.Stored) || RoundReads(n))
    {
        await store.TrySaveDesiredAsync(desired, null, ct);
    }

    if (RoundReads(n))
    {
        // Overwrites watermarks an earlier run's round may have flagged for repair.
        await store.UpdateSyncedAsync(synced.InstanceId, _ => synced, ct);
    }

    if (Interlocked.Increment(ref written) % 10_000 == 0)
    {
        Console.WriteLine($"  {written:N0} instances stored after {seeding.Elapsed.TotalSeconds:F0} s");
    }
});

// 2. Index rows, in batches of 100 per partition.
var changeBucket = ChangeIndexTable.MinuteBucket(roundTime.AddMinutes(-3));
var changes = Enumerable.Range(0, settings.Changed).Select(n => new TableEntity(changeBucket, TableKeys.Encode(IdOf(n)))
{
    ["InstanceId"] = IdOf(n),
    ["DesiredVersion"] = 1L,
    ["ChangedAt"] = roundTime.AddMinutes(-3),
});
await BenchmarkInstances.InsertInBatchesAsync(tables.GetTableClient(StorageNames.ChangeIndexTable), changes, parallel);

var sweep = Enumerable.Range(0, settings.Instances).Where(InSweep).Select(n => new TableEntity(SweepShards.PartitionKey(SweepShards.ShardOf(IdOf(n), shardCount)), TableKeys.Encode(IdOf(n)))
{
    ["InstanceId"] = IdOf(n),
    ["IsFinal"] = n % 2 == 1,
    ["LastChangedAt"] = roundTime.AddDays(-(n % 10)),
});
await BenchmarkInstances.InsertInBatchesAsync(tables.GetTableClient(StorageNames.SweepIndexTable), sweep, parallel);
// The last round ran five minutes earlier (replaced outright: the store never moves a checkpoint backwards).
await tables.GetTableClient(StorageNames.OperationsTable).UpsertEntityAsync(
    new TableEntity(OperationsTable.ReconcilePartition, OperationsTable.CheckpointRowKey) { ["Checkpoint"] = roundTime - TimeSpan.FromMinutes(5) },
    TableUpdateMode.Replace);

// 3. Feishu holds what the round will check (the changed instances and the round's sweep shard), minus the drifted ones.
var feishu = provider.GetRequiredService<IFeishuApprovalClient>();
var inFeishu = Enumerable.Range(settings.Drift, settings.Instances - settings.Drift).Where(RoundReads).ToList();
await Parallel.ForEachAsync(inFeishu, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, ct) =>
    await feishu.SyncInstanceAsync(BenchmarkInstances.Create(IdOf(n), baseTime + n), ct));
seeding.Stop();
Console.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:F1} s ({inFeishu.Count:N0} instances synced into the emulator).");

var storedInstances = 0;
await foreach (var _ in tables.GetTableClient(StorageNames.InstancesTable).QueryAsync<TableEntity>($"RowKey eq '{InstancesTable.DesiredRowKey}'", select: ["PartitionKey"]))
{
    storedInstances++;
}

Console.WriteLine($"The instances table holds {storedInstances:N0} instances (desired rows).");

// 4. One round.
var checksBefore = emulator.Stats.Snapshot().CallsTo("check");
using var storageOperations = new StorageOperationTally();
storageOperations.Start();
var wall = Stopwatch.StartNew();
var summary = await provider.GetRequiredService<IReconcileRound>().RunAsync(CancellationToken.None);
wall.Stop();
storageOperations.Stop();
var checkCalls = emulator.Stats.Snapshot().CallsTo("check") - checksBefore;

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
    One reconcile round, {storedInstances:N0} stored instances ({settings.Instances:N0} indexed), {settings.Changed:N0} changed in the window
      outcome                {summary.Outcome}
      window                 {summary.Window}
      sweep shard            {summary.SweepShard} of {shardCount}
      candidates             {summary.Candidates:N0}
      table entities read    {summary.EntitiesRead:N0} ({(double)summary.EntitiesRead / Math.Max(1, summary.Candidates):F2} per candidate)
      storage operations     {storageOperations.Total:N0} ({(double)storageOperations.Total / Math.Max(1, summary.Candidates):F2} per candidate): {storageOperations.Describe()}
      instances checked      {summary.InstancesChecked:N0}
      check calls            {summary.CheckCalls} (emulator counted {checkCalls})
      diffs                  {summary.InstanceMissing} instance missing, {summary.TaskMissing} task missing, {summary.TaskStale} task stale, {summary.InstanceStale} instance stale
      re-syncs nudged        {summary.Resyncs}
      sweep rows deleted     {summary.SweepRowsDeleted}
      duration               {wall.Elapsed.TotalMilliseconds:F0} ms
    """));
return summary.Outcome == ReconcileOutcome.Completed ? 0 : 1;
