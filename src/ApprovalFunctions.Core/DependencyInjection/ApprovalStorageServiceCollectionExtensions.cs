using ApprovalFunctions.Core.Storage;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalFunctions.Core.DependencyInjection;

public static class ApprovalStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers singleton <c>TableServiceClient</c> and <c>QueueServiceClient</c> bound to the <c>AzureWebJobsStorage</c>
    /// section (a connection string, or identity-based service URIs with a managed identity), queue messages in Base64
    /// as host.json says, and a hosted service that creates every table and queue when missing.
    /// </summary>
    public static IServiceCollection AddApprovalStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(StorageConnectionConfiguration.SectionName);
        services.AddAzureClients(clients =>
        {
            clients.AddTableServiceClient(StorageConnectionConfiguration.ForTables(section));
            clients.AddQueueServiceClient(StorageConnectionConfiguration.ForQueues(section))
                .ConfigureOptions(options => options.MessageEncoding = QueueMessageEncoding.Base64);
        });

        services.AddSingleton<StorageProvisioner>();
        services.AddHostedService<StorageProvisioningHostedService>();
        return services;
    }
}
