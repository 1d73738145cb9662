using ApprovalFunctions.Core.Storage.Tables;
using System.Text;
using System.Diagnostics.Metrics;
using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.Operations.Cleanup;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static ApprovalFunctions.Tests.Shared.SampleInstances;

namespace ApprovalFunctions.IntegrationTests.Pipeline;

public sealed class InstanceIngestorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Accepted_change_is_stored_indexed_and_nudged_in_base64()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);

        var outcome = await harness.Ingestor.IngestAsync(Instance("ingest/1", tasks: [Task("t1", 1_000)]), default);

        Assert.Equal(new IngestOutcome(IngestOutcomeKind.Queued, "ingest/1", 1), outcome);
        var desired = (await harness.Store.LoadAsync("ingest/1", default)).Desired!.Document;
        Assert.Equal(1, desired.DesiredVersion);
        Assert.True(desired.Complete);

        // Read the raw message as the queue trigger would see it: Base64 of the nudge's JSON.
        var raw = new QueueClient(azurite.ConnectionString, StorageNames.SyncQueue);
        var message = Assert.Single((await raw.ReceiveMessagesAsync(10)).Value);
        Assert.Equal("{\"instance_id\":\"ingest/1\",\"version\":1,\"attempt\":0,\"from_ingest\":true}", Encoding.UTF8.GetString(Convert.FromBase64String(message.Body.ToString())));

        var sweep = harness.Get<TableServiceClient>().GetTableClient(StorageNames.SweepIndexTable);
        var rows = sweep.QueryAsync<TableEntity>(e => e.RowKey == TableKeys.Encode("ingest/1"));
        var found = false;
        await foreach (var row in rows)
        {
            found = true;
            Assert.False(row.GetBoolean("IsFinal"));
        }

        Assert.True(found, "the sweep index row exists");
    }

    [Fact]
    public async Task Stale_and_duplicate_changes_store_and_queue_nothing()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var body = Instance("ingest-stale", time: 2_000, tasks: [Task("t1", 2_000)]);
        await harness.Ingestor.IngestAsync(body, default);
        var etag = (await harness.Store.LoadAsync("ingest-stale", default)).Desired!.ETag;

        var duplicate = await harness.Ingestor.IngestAsync(body, default);
        var stale = await harness.Ingestor.IngestAsync(Instance("ingest-stale", time: 1_000, mode: UpdateMode.Update, tasks: [Task("t1", 1_000)]), default);

        Assert.Equal((IngestOutcomeKind.Duplicate, 1L), (duplicate.Kind, duplicate.DesiredVersion));
        Assert.Equal((IngestOutcomeKind.Stale, 1L), (stale.Kind, stale.DesiredVersion));
        Assert.Equal(etag, (await harness.Store.LoadAsync("ingest-stale", default)).Desired!.ETag);
        Assert.Single(harness.Queue.Sent);
    }

    [Fact]
    public async Task Approval_code_change_and_purged_instance_are_conflicts()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.Ingestor.IngestAsync(Instance("ingest-conflict"), default);

        var changedCode = await harness.Ingestor.IngestAsync(Instance("ingest-conflict", time: 5_000, approvalCode: "OTHER"), default);
        var before = await harness.Store.LoadAsync("ingest-conflict", default);
        await harness.Store.TrySaveDesiredAsync(PurgeSnapshot.Of("run-1", before.Desired!.Document.ApprovalCode, before, DateTimeOffset.UtcNow), before.Desired.ETag, default);
        var purged = await harness.Ingestor.IngestAsync(Instance("ingest-conflict", time: 6_000), default);

        Assert.Equal(IngestOutcomeKind.Conflict, changedCode.Kind);
        Assert.Equal("$.approval_code", changedCode.ProblemPath);
        Assert.Contains("approval_code", changedCode.Message, StringComparison.Ordinal);
        Assert.Equal(IngestOutcomeKind.Conflict, purged.Kind);
        Assert.Contains("purged", purged.Message, StringComparison.Ordinal);
        Assert.Single(harness.Queue.Sent);
    }

    [Fact]
    public async Task Instance_ids_of_720_bytes_get_hashed_keys_and_work_like_any_other()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var id = new string('审', InstanceIds.MaxUtf8Bytes / 3);
        var before = DateTimeOffset.UtcNow;

        await harness.Ingestor.IngestAsync(Instance(id, tasks: [Task("t1", 1_000)]), default);
        var second = await harness.Ingestor.IngestAsync(Instance(id, time: 2_000, mode: UpdateMode.Update, tasks: [Task("t2", 2_000)]), default);

        Assert.Equal(new IngestOutcome(IngestOutcomeKind.Queued, id, 2), second);
        Assert.Equal(["t1", "t2"], (await harness.Store.LoadAsync(id, default)).Desired!.Document.Instance.TaskList!.Select(t => t.TaskId));
        Assert.Contains('!', TableKeys.Encode(id));
        var changes = new List<ChangeIndexEntry>();
        foreach (var minute in new[] { before, DateTimeOffset.UtcNow }.Distinct())
        {
            await foreach (var change in harness.Store.ListChangesAsync(minute, default))
            {
                changes.Add(change);
            }
        }

        // Readers take the id from the row, not from the (hashed, irreversible) key.
        Assert.Contains(changes, c => c.InstanceId == id);
    }

    [Fact]
    public async Task A_change_that_would_grow_the_instance_past_300_tasks_is_refused_and_stores_nothing()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        const string id = "ingest-limit";
        await harness.Ingestor.IngestAsync(Instance(id, tasks: [.. Enumerable.Range(0, 250).Select(i => Task($"a{i}", 1_000))]), default);
        var stored = await harness.Store.LoadAsync(id, default);
        var sent = harness.Queue.Sent.Count;

        var refused = await harness.Ingestor.IngestAsync(Instance(id, time: 2_000, mode: UpdateMode.Update, tasks: [.. Enumerable.Range(0, 51).Select(i => Task($"b{i}", 2_000))]), default);
        var fits = await harness.Ingestor.IngestAsync(Instance(id, time: 3_000, mode: UpdateMode.Update, tasks: [.. Enumerable.Range(0, 50).Select(i => Task($"c{i}", 3_000))]), default);

        Assert.Equal(IngestOutcomeKind.Unprocessable, refused.Kind);
        Assert.Equal("$.task_list", refused.ProblemPath);
        Assert.Contains("301 tasks", refused.Message, StringComparison.Ordinal);
        Assert.Contains("at most 300", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, refused.DesiredVersion);
        Assert.Equal(IngestOutcomeKind.Queued, fits.Kind);
        Assert.Equal(2, fits.DesiredVersion);
        Assert.Equal(sent + 1, harness.Queue.Sent.Count);
        Assert.Equal(300, (await harness.Store.LoadAsync(id, default)).Desired!.Document.Instance.TaskList!.Count);
        Assert.NotEqual(stored.Desired!.ETag, (await harness.Store.LoadAsync(id, default)).Desired!.ETag);
    }

    [Fact]
    public async Task Index_rows_are_written_once_per_minute_and_when_finality_changes()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        using var operations = new MetricCollector<long>(harness.Get<IMeterFactory>(), ApprovalMetrics.MeterName, "approvalfunctions.storage.operations");
        const string id = "ingest-index-once";
        int Writes(string table) => operations.GetMeasurementSnapshot().Count(m => (string?)m.Tags["operation"] == $"PUT {table}");

        var started = DateTimeOffset.UtcNow;
        await harness.Ingestor.IngestAsync(Instance(id, tasks: [Task("t1", 1_000)]), default);
        await harness.Ingestor.IngestAsync(Instance(id, time: 2_000, mode: UpdateMode.Update, tasks: [Task("t2", 2_000)]), default);
        await harness.Ingestor.IngestAsync(Instance(id, time: 3_000, mode: UpdateMode.Update, tasks: [Task("t3", 3_000)]), default);
        var sameMinute = ChangeIndexTable.MinuteBucket(started) == ChangeIndexTable.MinuteBucket(DateTimeOffset.UtcNow);
        var (changeRows, sweepRows) = (Writes(StorageNames.ChangeIndexTable), Writes(StorageNames.SweepIndexTable));
        await harness.Ingestor.IngestAsync(Instance(id, time: 4_000, mode: UpdateMode.Update, status: InstanceStatus.Approved), default);

        Assert.Equal(1, sweepRows);
        Assert.True(sameMinute ? changeRows == 1 : changeRows <= 2, $"{changeRows} change index writes for three changes");
        Assert.Equal(2, Writes(StorageNames.SweepIndexTable));
        Assert.True((await harness.Store.LoadAsync(id, default)).Desired!.Document.SweepIndexedFinal);
    }

    [Fact]
    public async Task Concurrent_changes_to_one_instance_all_merge()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        await harness.Ingestor.IngestAsync(Instance("ingest-race", time: 1_000), default);

        var outcomes = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            harness.Ingestor.IngestAsync(Instance("ingest-race", time: 1_000, mode: UpdateMode.Update, tasks: [Task($"t{i}", 2_000 + i)]), default)));

        Assert.All(outcomes, o => Assert.Equal(IngestOutcomeKind.Queued, o.Kind));
        var desired = (await harness.Store.LoadAsync("ingest-race", default)).Desired!.Document;
        Assert.Equal(11, desired.DesiredVersion);
        Assert.Equal(10, desired.Instance.TaskList!.Count);
        Assert.Equal(Enumerable.Range(1, 11).Select(v => (long)v), outcomes.Select(o => o.DesiredVersion).Append(1).Order());
    }
}
