using System.Text;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
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
        Assert.Equal("{\"instance_id\":\"ingest/1\",\"version\":1,\"attempt\":0}", Encoding.UTF8.GetString(Convert.FromBase64String(message.Body.ToString())));

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
        await harness.Store.MarkPurgedAsync("ingest-conflict", "run-1", default);
        var purged = await harness.Ingestor.IngestAsync(Instance("ingest-conflict", time: 6_000), default);

        Assert.Equal(IngestOutcomeKind.Conflict, changedCode.Kind);
        Assert.Equal("$.approval_code", changedCode.ProblemPath);
        Assert.Contains("approval_code", changedCode.Message, StringComparison.Ordinal);
        Assert.Equal(IngestOutcomeKind.Conflict, purged.Kind);
        Assert.Contains("purged", purged.Message, StringComparison.Ordinal);
        Assert.Single(harness.Queue.Sent);
    }

    [Fact]
    public async Task Instance_id_too_long_for_a_table_key_is_invalid_and_stores_nothing()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);

        var outcome = await harness.Ingestor.IngestAsync(Instance(new string('x', TableKeys.MaxIdUtf8Bytes + 1)), default);

        Assert.Equal(IngestOutcomeKind.Invalid, outcome.Kind);
        Assert.Equal("$.instance_id", outcome.ProblemPath);
        Assert.Empty(harness.Queue.Sent);
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
