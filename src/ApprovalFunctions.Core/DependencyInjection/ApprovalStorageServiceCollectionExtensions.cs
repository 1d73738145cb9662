using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.Storage;
using Azure.Core;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApprovalFunctions.Core.DependencyInjection;

public static class ApprovalStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers singleton <c>TableServiceClient</c> and <c>QueueServiceClient</c> bound to the <c>AzureWebJobsStorage</c>
    /// section (a connection string, or identity-based service URIs with a managed identity), queue messages in Base64
    /// as host.json says, and a hosted service that creates every table and queue when missing. Every request of
    /// both clients is counted on <c>approvalfunctions.storage.operations</c> (<see cref="ApprovalMetrics"/>).
    /// </summary>
    public static IServiceCollection AddApprovalStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddMetrics();
        services.TryAddSingleton<ApprovalMetrics>();
        var section = configuration.GetSection(StorageNames.ConnectionName);
        services.AddAzureClients(clients =>
        {
            clients.AddTableServiceClient(StorageConnectionConfiguration.ForTables(section))
                .ConfigureOptions((options, provider) => options.AddPolicy(
                    new StorageOperationCountingPolicy(provider.GetRequiredService<ApprovalMetrics>(), StorageOperationCountingPolicy.TableService),
                    HttpPipelinePosition.PerRetry));
            clients.AddQueueServiceClient(StorageConnectionConfiguration.ForQueues(section))
                .ConfigureOptions((options, provider) =>
                {
                    options.MessageEncoding = QueueMessageEncoding.Base64;
                    options.AddPolicy(
                        new StorageOperationCountingPolicy(provider.GetRequiredService<ApprovalMetrics>(), StorageOperationCountingPolicy.QueueService),
                        HttpPipelinePosition.PerRetry);
                });
        });

        services.AddSingleton<StorageProvisioner>();
        services.AddHostedService<StorageProvisioningHostedService>();
        return services;
    }
}
