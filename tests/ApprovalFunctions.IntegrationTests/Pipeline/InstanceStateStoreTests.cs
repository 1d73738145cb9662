using ApprovalFunctions.Core.Json;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Tables;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using Azure.Data.Tables;
using static ApprovalFunctions.Tests.Shared.SampleInstances;

namespace ApprovalFunctions.IntegrationTests.Pipeline;

public sealed class InstanceStateStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Desired_and_synced_rows_load_together_with_their_etags()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var store = harness.Store;
        var desired = Desired("store-both");
        var desiredETag = await store.TrySaveDesiredAsync(desired, null, default);
        var syncedETag = await store.TrySaveSyncedAsync(SyncedState.Empty("store-both") with { SyncedDesiredVersion = 1 }, null, default);

        var state = await store.LoadAsync("store-both", default);

        Assert.Equal(desiredETag, state.Desired!.ETag);
        Assert.Equal(syncedETag, state.Synced!.ETag);
        Assert.Equal(Json(desired), Json(state.Desired.Document));
        Assert.Equal(1, state.Synced.Document.SyncedDesiredVersion);
    }

    [Fact]
    public async Task Azurite_holds_keys_of_512_characters_and_refuses_513_and_every_encoded_key_fits()
    {
        var table = new TableClient(azurite.ConnectionString, "keylimit");
        await table.CreateIfNotExistsAsync();

        await table.AddEntityAsync(new TableEntity(new string('p', TableKeys.MaxKeyLength), new string('r', TableKeys.MaxKeyLength)));
        var tooLongPartition = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => table.AddEntityAsync(new TableEntity(new string('p', TableKeys.MaxKeyLength + 1), "r")));
        var tooLongRow = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", new string('r', TableKeys.MaxKeyLength + 1))));

        Assert.Equal(400, tooLongPartition.Status);
        Assert.Equal(400, tooLongRow.Status);
        foreach (var id in new[] { new string('x', 353), new string('x', 354), new string('#', 383), new string('#', 384), new string('审', 240), new string('x', InstanceIds.MaxUtf8Bytes) })
        {
            var key = TableKeys.Encode(id);
            await table.AddEntityAsync(new TableEntity(key, key) { ["InstanceId"] = id });
            Assert.Equal(id, (await table.GetEntityAsync<TableEntity>(key, key)).Value.GetString("InstanceId"));
        }
    }

    [Fact]
    public async Task Unknown_instance_loads_as_empty()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);

        var state = await harness.Store.LoadAsync("never-seen", default);

        Assert.Null(state.Desired);
        Assert.Null(state.Synced);
        Assert.Equal(0, state.SyncedOrEmpty.SyncedDesiredVersion);
    }

    [Fact]
    public async Task Writes_with_a_stale_etag_or_a_second_insert_lose()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var store = harness.Store;
        var first = await store.TrySaveDesiredAsync(Desired("store-etag"), null, default);
        Assert.NotNull(first);

        Assert.Null(await store.TrySaveDesiredAsync(Desired("store-etag"), null, default));
        var second = await store.TrySaveDesiredAsync(Desired("store-etag", version: 2), first, default);
        Assert.NotNull(second);
        Assert.Null(await store.TrySaveDesiredAsync(Desired("store-etag", version: 3), first, default));

        Assert.Equal(2, (await store.LoadAsync("store-etag", default)).Desired!.Document.DesiredVersion);
    }

    [Fact]
    public async Task Update_synced_reapplies_its_change_after_a_concurrent_write()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var store = harness.Store;
        await store.TrySaveSyncedAsync(SyncedState.Empty("store-race"), null, default);
        var calls = 0;

        var result = await store.UpdateSyncedAsync("store-race", state =>
        {
            if (++calls == 1)
            {
                // Another writer (say the reconciler) gets in between our read and our write.
                Assert.NotNull(store.TrySaveSyncedAsync(state.SyncedOrEmpty with { ResendAll = true }, state.Synced!.ETag, default).GetAwaiter().GetResult());
            }

            return state.SyncedOrEmpty with { SyncedDesiredVersion = 5 };
        }, default);

        Assert.Equal(2, calls);
        var stored = (await store.LoadAsync("store-race", default)).Synced!.Document;
        Assert.Equal(5, stored.SyncedDesiredVersion);
        Assert.True(stored.ResendAll);
        Assert.Equal(result!.ETag, (await store.LoadAsync("store-race", default)).Synced!.ETag);
    }

    [Fact]
    public async Task A_300_task_snapshot_with_200_ccs_is_stored_intact()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var tasks = Enumerable.Range(0, 300).Select(i => Task($"task-{i:D3}", 1_000 + i) with { Title = $"@i18n@task-{i}-{Guid.NewGuid()}", Extra = $"{{\"complete_reason\":\"{Guid.NewGuid()}{Guid.NewGuid()}\"}}" }).ToList();
        var ccs = Enumerable.Range(0, 200).Select(i => Cc($"cc-{i:D3}", 1_000 + i) with { Title = Guid.NewGuid().ToString() }).ToList();
        var desired = Desired("store-300", instance: Instance("store-300", tasks: tasks, ccs: ccs));

        Assert.NotNull(await harness.Store.TrySaveDesiredAsync(desired, null, default));
        var loaded = (await harness.Store.LoadAsync("store-300", default)).Desired!.Document;

        Assert.Equal(Json(desired), Json(loaded));
        Assert.Equal(300, loaded.Instance.TaskList!.Count);
        Assert.Equal(200, loaded.Instance.CcList!.Count);
    }

    [Theory]
    [InlineData("a/b\\c#d?e")]
    [InlineData("tab\tnew\nline\u0001")]
    [InlineData("审批/实例 #42?")]
    [InlineData("'; DROP TABLE instances; --")]
    [InlineData("PartitionKey eq 'x' or true")]
    public async Task Nasty_instance_ids_are_stored_and_loaded(string instanceId)
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var desired = Desired(instanceId, instance: Instance(instanceId));

        Assert.NotNull(await harness.Store.TrySaveDesiredAsync(desired, null, default));
        var loaded = await harness.Store.LoadAsync(instanceId, default);

        Assert.Equal(instanceId, loaded.Desired!.Document.InstanceId);
        Assert.Null((await harness.Store.LoadAsync(instanceId + "x", default)).Desired);
    }

    [Fact]
    public async Task Recorded_changes_land_in_the_minute_bucket_and_the_sweep_shard()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite, new() { ["Sweep:ShardCount"] = "12" });
        var desired = Desired("store-index/1", instance: Instance("store-index/1", status: InstanceStatus.Approved));
        var before = DateTimeOffset.UtcNow;

        await harness.Store.RecordChangeAsync(desired, new IndexRows(ChangeIndex: true, SweepIndex: true), DateTimeOffset.UtcNow, default);

        var changes = new List<ChangeIndexEntry>();
        foreach (var minute in new[] { before, DateTimeOffset.UtcNow }.Distinct())
        {
            await foreach (var change in harness.Store.ListChangesAsync(minute, default))
            {
                changes.Add(change);
            }
        }

        Assert.Contains(changes, c => c.InstanceId == "store-index/1" && c.DesiredVersion == desired.DesiredVersion);
        var sweep = harness.Get<TableServiceClient>().GetTableClient(StorageNames.SweepIndexTable);
        var row = await sweep.GetEntityAsync<TableEntity>(SweepShards.PartitionKey(SweepShards.ShardOf("store-index/1", 12)), TableKeys.Encode("store-index/1"));
        Assert.True(row.Value.GetBoolean("IsFinal"));
        Assert.Equal("store-index/1", row.Value.GetString("InstanceId"));
    }

    [Fact]
    public async Task Sync_issues_are_listed_by_kind_flagged_in_the_watermarks_and_cleared_by_kind()
    {
        await using var harness = await PipelineHarness.StartAsync(azurite);
        var store = harness.Store;
        await store.SetIssueAsync(new SyncIssue(SyncIssueKind.Parked, "issue-1", "bad request", 3, DateTimeOffset.UtcNow, 1390001, "param is invalid", "log-9"), default);
        await store.MarkLaggingAsync("issue-1", "lagging for 10 minutes", 3, default);
        await store.MarkLaggingAsync("issue-2", "lagging", 1, default);

        var parked = Assert.Single(await ToListAsync(store.ListParkedAsync(default)), i => i.InstanceId == "issue-1");
        Assert.Equal((1390001, "param is invalid", "log-9"), (parked.FeishuCode!.Value, parked.FeishuMessage!, parked.LogId!));
        Assert.Contains(await ToListAsync(store.ListIssuesAsync(SyncIssueKind.Lagging, default)), i => i.InstanceId == "issue-2");

        Assert.True((await store.LoadAsync("issue-2", default)).Synced!.Document.LaggingIssue);
        Assert.Equal([SyncIssueKind.Lagging], (await store.LoadAsync("issue-1", default)).SyncedOrEmpty.IssueRows);

        await store.ClearIssuesAsync("issue-1", [SyncIssueKind.Parked, SyncIssueKind.Lagging], default);

        Assert.DoesNotContain(await ToListAsync(store.ListParkedAsync(default)), i => i.InstanceId == "issue-1");
        var lagging = await ToListAsync(store.ListIssuesAsync(SyncIssueKind.Lagging, default));
        Assert.DoesNotContain(lagging, i => i.InstanceId == "issue-1");
        Assert.Contains(lagging, i => i.InstanceId == "issue-2");
    }

    private static DesiredState Desired(string instanceId, long version = 1, ExternalInstance? instance = null) => new()
    {
        InstanceId = instanceId,
        ApprovalCode = ApprovalCode,
        DesiredVersion = version,
        Complete = true,
        ReplaceRequestedVersion = 1,
        LastReceivedAt = DateTimeOffset.UnixEpoch,
        Instance = instance ?? Instance(instanceId, tasks: [Task("t1", 1_000)]),
    };

    private static string Json(DesiredState state) => System.Text.Json.JsonSerializer.Serialize(state, CoreJsonContext.Default.DesiredState);

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
