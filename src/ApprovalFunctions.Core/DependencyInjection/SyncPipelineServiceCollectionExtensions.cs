using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApprovalFunctions.Core.DependencyInjection;

public static class SyncPipelineServiceCollectionExtensions
{
    /// <summary>The nudge queue, the planner and the sync engine, with "Sync" options validated at start-up.</summary>
    public static IServiceCollection AddSyncPipeline(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SyncOptions>().BindConfiguration(SyncOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton<ApprovalMetrics>();
        services.TryAddSingleton<ISyncQueue, SyncQueue>();
        services.TryAddSingleton<SyncPlanner>();
        services.TryAddSingleton<IInstanceSyncEngine, InstanceSyncEngine>();
        return services;
    }
}
