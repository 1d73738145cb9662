using ApprovalFunctions.Core.Reconcile;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.DependencyInjection;

public static class ReconciliationServiceCollectionExtensions
{
    /// <summary>
    /// The check-and-resync round with "Reconcile" options and the <c>ReconcileSchedule</c> setting validated at start-up
    /// (<see cref="SweepSettingsValidator"/>), and its counters; the tables it reads (<see cref="StorageTablesServiceCollectionExtensions.AddStorageTables"/>). Needs the state store and the nudge queue (<c>AddIngestStorage</c>, <c>AddSyncPipeline</c>), the Feishu
    /// client and storage clients, which <c>AddApprovalFunctions</c> registers.
    /// </summary>
    public static IServiceCollection AddReconciliation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ReconcileOptions>().BindConfiguration(ReconcileOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // The timer's schedule is the host's flat app setting; checked at start-up together with the sweep settings.
        services.AddOptions<ReconcileScheduleOptions>()
            .Configure<IConfiguration>((options, configuration) => options.Schedule = configuration[ReconcileScheduleOptions.SettingName])
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReconcileScheduleOptions>, SweepSettingsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<ReconcileMetrics>();
        services.AddStorageTables();
        services.TryAddSingleton<CandidateCollector>();
        services.TryAddSingleton<CandidateTriage>();
        services.TryAddSingleton<CheckAndRepair>();
        services.TryAddSingleton<IReconcileRound, ReconcileRound>();
        return services;
    }
}
