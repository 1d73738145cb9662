using ApprovalFunctions.Core.Operations.Cleanup;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApprovalFunctions.Core.DependencyInjection;

public static class StorageTablesServiceCollectionExtensions
{
    /// <summary>
    /// One singleton per table type (Storage/Tables), each interface a table serves mapped to that one instance, with the
    /// "Sweep" options (<see cref="SweepIndexOptions"/>) the sweep index is sharded by. Needs the <c>TableServiceClient</c> (<c>AddApprovalStorage</c>).
    /// Safe to call from every feature that uses a table: registrations are tried, not repeated.
    /// </summary>
    public static IServiceCollection AddStorageTables(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SweepIndexOptions>().BindConfiguration(SweepIndexOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InstancesTable>();
        services.TryAddSingleton<IInstanceCatalog>(provider => provider.GetRequiredService<InstancesTable>());
        services.TryAddSingleton<ChangeIndexTable>();
        services.TryAddSingleton<IChangeIndexTable>(provider => provider.GetRequiredService<ChangeIndexTable>());
        services.TryAddSingleton<SweepIndexTable>();
        services.TryAddSingleton<ISweepIndexTable>(provider => provider.GetRequiredService<SweepIndexTable>());
        services.TryAddSingleton<SyncIssuesTable>();
        services.TryAddSingleton<ISyncIssuesTable>(provider => provider.GetRequiredService<SyncIssuesTable>());
        services.TryAddSingleton<OperationsTable>();
        services.TryAddSingleton<IReconcileCheckpointStore>(provider => provider.GetRequiredService<OperationsTable>());
        services.TryAddSingleton<ICleanupRunStore>(provider => provider.GetRequiredService<OperationsTable>());
        services.TryAddSingleton<QuickActionsTable>();
        services.TryAddSingleton<InstanceEventsTable>();
        return services;
    }
}
