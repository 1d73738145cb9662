using ApprovalFunctions.Core.QuickApproval;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Core.Storage.Tables;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using Azure.Data.Tables;

namespace ApprovalFunctions.IntegrationTests.QuickApproval;

/// <summary>The <c>quickactions</c> table on real Azurite: history per instance, and the awaiting index read by key range.</summary>
public sealed class QuickActionLogTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset T = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private QuickActionLog log = null!;
    private TableClient table = null!;

    public async Task InitializeAsync()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(StorageNames.QuickActionsTable);
        table = tables.GetTableClient(StorageNames.QuickActionsTable);
        log = new QuickActionLog(new QuickActionsTable(tables));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static QuickActionRecord Record(string instanceId, string taskId, DateTimeOffset receivedAt, string outcome = "accepted") => new()
    {
        InstanceId = instanceId,
        TaskId = taskId,
        ActionType = "APPROVE",
        WebhookId = $"qa_{instanceId}_{taskId}",
        ReceivedAt = receivedAt,
        RelayedAt = receivedAt.AddMilliseconds(5),
        Outcome = outcome,
        SourceStatus = outcome == "accepted" ? 200 : 409,
        DurationMs = 20,
        FeishuStatus = outcome == "accepted" ? 200 : 409,
    };

    [Fact]
    public async Task An_instances_actions_come_back_oldest_first_and_only_its_own()
    {
        var id = "log-" + Guid.NewGuid().ToString("N");
        await log.RecordAsync(Record(id, "t2", T.AddSeconds(5), "refused"), CancellationToken.None);
        await log.RecordAsync(Record(id, "t1", T), CancellationToken.None);
        await log.RecordAsync(Record(id + "-other", "t1", T), CancellationToken.None);

        var listed = await log.ListAsync(id, 50, CancellationToken.None);

        Assert.Equal([("t1", "accepted"), ("t2", "refused")], listed.Select(r => (r.TaskId!, r.Outcome)));
        Assert.Equal(T.AddMilliseconds(5), listed[0].RelayedAt);
        Assert.Single(await log.ListAsync(id, 1, CancellationToken.None));
    }

    [Fact]
    public async Task The_timelines_view_reads_only_actions_received_since_its_cutoff_and_at_most_the_newest_few()
    {
        var id = "recent-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 5; i++)
        {
            await log.RecordAsync(Record(id, $"t{i}", T.AddMinutes(i)), CancellationToken.None);
        }

        var sinceMinute2 = await log.ListRecentAsync(id, T.AddMinutes(2), 50, CancellationToken.None);
        var newestTwo = await log.ListRecentAsync(id, T, 2, CancellationToken.None);

        Assert.Equal(["t2", "t3", "t4"], sinceMinute2.Select(r => r.TaskId!));
        Assert.Equal(["t3", "t4"], newestTwo.Select(r => r.TaskId!));
        Assert.Empty(await log.ListRecentAsync(id, T.AddMinutes(5), 50, CancellationToken.None));
    }

    [Fact]
    public async Task Only_accepted_actions_await_and_the_listing_reads_just_the_range_below_its_bound()
    {
        var id = "await-" + Guid.NewGuid().ToString("N");
        await log.RecordAsync(Record(id, "old", T.AddDays(-300)), CancellationToken.None);
        await log.RecordAsync(Record(id, "recent", T.AddDays(-299)), CancellationToken.None);
        await log.RecordAsync(Record(id, "refused", T.AddDays(-301), "refused"), CancellationToken.None);

        var mine = new List<AwaitingAction>();
        await foreach (var action in log.ListAwaitingAsync(T.AddDays(-299).AddSeconds(-1), CancellationToken.None))
        {
            if (action.InstanceId == id)
            {
                mine.Add(action);
            }
        }

        var awaiting = Assert.Single(mine);
        Assert.Equal(("old", T.AddDays(-300).AddMilliseconds(25)), (awaiting.TaskId, awaiting.AcceptedAt));

        await log.RemoveAwaitingAsync(awaiting, CancellationToken.None);
        await log.RemoveAwaitingAsync(awaiting, CancellationToken.None);
        var remaining = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == QuickActionsTable.AwaitingPartition))
        {
            if (row.GetString("InstanceId") == id)
            {
                remaining.Add(row.GetString("TaskId"));
            }
        }

        Assert.Equal(["recent"], remaining);
        Assert.Equal(3, (await log.ListAsync(id, 50, CancellationToken.None)).Count);
    }
}
