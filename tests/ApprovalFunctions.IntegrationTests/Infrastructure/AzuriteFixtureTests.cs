using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace ApprovalFunctions.IntegrationTests.Infrastructure;

public sealed class AzuriteFixtureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Azurite_serves_tables_and_queues()
    {
        var table = new TableClient(azurite.ConnectionString, "smoke");
        await table.CreateIfNotExistsAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Value"] = 42 });
        var entity = await table.GetEntityAsync<TableEntity>("p", "r");
        Assert.Equal(42, entity.Value.GetInt32("Value"));

        var queue = new QueueClient(azurite.ConnectionString, "smoke", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("hello");
        var message = await queue.ReceiveMessageAsync();
        Assert.Equal("hello", message.Value.Body.ToString());
    }
}
