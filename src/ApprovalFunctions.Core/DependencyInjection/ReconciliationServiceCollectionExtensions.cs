using ApprovalFunctions.Core.Reconcile;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApprovalFunctions.Core.DependencyInjection;

public static class ReconciliationServiceCollectionExtensions
{
    /// <summary>
    /// The check-and-resync round with "Reconcile" options validated at start-up, its checkpoint store, index access and
    /// counters. Needs the state store and the nudge queue (<c>AddIngestStorage</c>, <c>AddSyncPipeline</c>), the Feishu
    /// client and storage clients, which <c>AddApprovalFunctions</c> registers.
    /// </summary>
    public static IServiceCollection AddReconciliation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ReconcileOptions>().BindConfiguration(ReconcileOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton<ReconcileMetrics>();
        services.TryAddSingleton<IReconcileCheckpointStore, ReconcileCheckpointStore>();
        services.TryAddSingleton<IReconcileIndex, ReconcileIndex>();
        services.TryAddSingleton<IReconcileRound, ReconcileRound>();
        return services;
    }
}
