using ApprovalFunctions.Core.DependencyInjection;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.UnitTests.Storage;

public sealed class ApprovalStorageRegistrationTests
{
    [Fact]
    public void Connection_string_form_gives_clients_on_the_development_storage_endpoints()
    {
        using var provider = Build(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        var tables = provider.GetRequiredService<TableServiceClient>();
        var queues = provider.GetRequiredService<QueueServiceClient>();

        Assert.Equal("devstoreaccount1", tables.AccountName);
        Assert.StartsWith("http://127.0.0.1:10002/devstoreaccount1", tables.Uri.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("http://127.0.0.1:10001/devstoreaccount1", queues.Uri.ToString(), StringComparison.Ordinal);
        Assert.Same(tables, provider.GetRequiredService<TableServiceClient>());
    }

    [Fact]
    public void Identity_form_gives_clients_on_the_configured_service_uris()
    {
        using var provider = Build(new()
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://contoso.table.core.windows.net/",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://contoso.queue.core.windows.net/",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.Equal(new Uri("https://contoso.table.core.windows.net/"), provider.GetRequiredService<TableServiceClient>().Uri);
        Assert.Equal(new Uri("https://contoso.queue.core.windows.net/"), provider.GetRequiredService<QueueServiceClient>().Uri);
    }

    [Fact]
    public void Queue_clients_encode_messages_in_base64_as_host_json_says()
    {
        using var provider = Build(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        // Microsoft.Extensions.Azure builds the default client from the options named "Default".
        var options = provider.GetRequiredService<IOptionsMonitor<QueueClientOptions>>().Get("Default");

        Assert.Equal(QueueMessageEncoding.Base64, options.MessageEncoding);
    }

    [Fact]
    public void Missing_storage_configuration_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build([]));

        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_provisioning_runs_as_a_hosted_service()
    {
        using var provider = Build(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Contains(provider.GetServices<IHostedService>(), s => s.GetType().Name == "StorageProvisioningHostedService");
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApprovalStorage(configuration);
        return services.BuildServiceProvider();
    }
}
