using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.Cleanup;
using ApprovalFunctions.Core.Operations.Diagnose;
using ApprovalFunctions.Core.Operations.Parked;
using ApprovalFunctions.Core.Operations.Resync;
using ApprovalFunctions.Core.Operations.UserTasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApprovalFunctions.Core.DependencyInjection;

public static class OperatorToolsServiceCollectionExtensions
{
    /// <summary>
    /// The operator tools (diagnose, a user's tasks, clean-up, replay of parked instances, forced resync) with
    /// "Operations" options validated at start-up. Needs the storage, state store, sync queue and Feishu client.
    /// </summary>
    public static IServiceCollection AddOperatorTools(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<OperationsOptions>().BindConfiguration(OperationsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OperatorAudit>();
        services.TryAddSingleton<InstanceDiagnostics>();
        services.TryAddSingleton<FeishuTaskLister>();
        services.TryAddSingleton<UserTasksInspector>();
        services.AddStorageTables();
        services.TryAddSingleton<ICleanupScopeResolver, CleanupScopeResolver>();
        services.TryAddSingleton<CleanupItemPurger>();
        services.TryAddSingleton<CleanupProgressReader>();
        services.TryAddSingleton<CleanupService>();
        services.TryAddSingleton<ParkedInstances>();
        services.TryAddSingleton<ForcedResync>();
        return services;
    }
}
