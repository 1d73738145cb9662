using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApprovalFunctions.Core.DependencyInjection;

public static class IngestStorageServiceCollectionExtensions
{
    /// <summary>
    /// The storage side of ingest: the instance state store (with "Sweep" options), the merger and the ingestor.
    /// Request validation is registered separately by <see cref="IngestServiceCollectionExtensions.AddIngest"/>.
    /// </summary>
    public static IServiceCollection AddIngestStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddStorageTables();
        services.AddMetrics();
        services.TryAddSingleton<ApprovalMetrics>();
        services.TryAddSingleton<IInstanceStateStore, InstanceStateStore>();
        services.TryAddSingleton<DesiredStateMerger>();
        services.TryAddSingleton<IInstanceIngestor, InstanceIngestor>();
        return services;
    }
}
