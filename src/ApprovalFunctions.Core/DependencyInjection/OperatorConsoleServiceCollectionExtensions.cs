using ApprovalFunctions.Core.Operations.Overview;
using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Core.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ApprovalFunctions.Core.DependencyInjection;

public static class OperatorConsoleServiceCollectionExtensions
{
    /// <summary>
    /// What the operator console reads beyond the operator tools: the overview, the per-minute Feishu counts (a meter
    /// listener and a hosted service that flushes it) and the reconcile round log, which wraps the registered
    /// <see cref="IReconcileRound"/> (call after <c>AddReconciliation</c>). "Console" options are validated at start-up.
    /// </summary>
    public static IServiceCollection AddOperatorConsole(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FeishuCallTally>();
        services.AddStorageTables();
        services.TryAddSingleton<FeishuMinuteStore>();
        services.TryAddSingleton<ReconcileRoundLog>();
        services.TryAddSingleton<SyncQueueDepths>();
        services.TryAddSingleton<OperatorOverview>();
        services.TryAddSingleton<FeishuMinuteFlusher>();
        services.AddHostedService(provider => provider.GetRequiredService<FeishuMinuteFlusher>());

        var round = services.LastOrDefault(d => d.ServiceType == typeof(IReconcileRound))
            ?? throw new InvalidOperationException("AddOperatorConsole records reconcile rounds: call AddReconciliation first.");
        services.Replace(ServiceDescriptor.Singleton<IReconcileRound>(provider => new RecordedReconcileRound(
            Resolve(provider, round),
            provider.GetRequiredService<ReconcileRoundLog>(),
            provider.GetRequiredService<ILogger<RecordedReconcileRound>>())));
        return services;
    }

    private static IReconcileRound Resolve(IServiceProvider provider, ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: IReconcileRound instance } => instance,
        { ImplementationFactory: { } factory } => (IReconcileRound)factory(provider),
        { ImplementationType: { } type } => (IReconcileRound)ActivatorUtilities.CreateInstance(provider, type),
        _ => throw new InvalidOperationException("The registered IReconcileRound cannot be resolved."),
    };
}
