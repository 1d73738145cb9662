using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace ApprovalFunctions.IntegrationTests.Pipeline;

public sealed class StorageProvisioningTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Start_up_creates_every_table_and_queue_on_an_empty_account_and_is_idempotent()
    {
        await using (await PipelineHarness.StartAsync(azurite))
        {
        }

        await using var again = await PipelineHarness.StartAsync(azurite);

        var tables = new List<string>();
        await foreach (var table in again.Get<TableServiceClient>().QueryAsync())
        {
            tables.Add(table.Name);
        }

        var queues = new List<string>();
        await foreach (var queue in again.Get<QueueServiceClient>().GetQueuesAsync())
        {
            queues.Add(queue.Name);
        }

        Assert.Superset(StorageNames.Tables.ToHashSet(), tables.ToHashSet());
        Assert.Superset(StorageNames.Queues.ToHashSet(), queues.ToHashSet());
    }
}
