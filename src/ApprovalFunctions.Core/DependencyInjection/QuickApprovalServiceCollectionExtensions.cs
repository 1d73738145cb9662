using ApprovalFunctions.Core.QuickApproval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.DependencyInjection;

public static class QuickApprovalServiceCollectionExtensions
{
    /// <summary>How long a pooled connection to the source lives, so DNS changes reach the relay.</summary>
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Quick approval: <see cref="CallbackOptions"/> (section "Callback", validated at start-up), the callback reader, the
    /// typed <see cref="SourceActionClient"/> (timeout per relay on the injected clock), the relay, the action log, the
    /// overdue listing and the definition publisher. Needs the storage clients, the state store and the Feishu client.
    /// </summary>
    public static IServiceCollection AddQuickApproval(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<CallbackOptions>().BindConfiguration(CallbackOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallbackOptions>, CallbackOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<QuickActionMetrics>();
        services.TryAddSingleton<FeishuCallbackReader>();
        services.AddStorageTables();
        services.TryAddSingleton<IQuickActionLog, QuickActionLog>();
        services.TryAddSingleton<OverdueActions>();
        services.TryAddSingleton<ApprovalDefinitionPublisher>();

        // The relay is transient like its typed client, so each relay takes a client with a current handler.
        services.AddHttpClient<SourceActionClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = PooledConnectionLifetime, AllowAutoRedirect = false })
            .RemoveAllLoggers();
        services.TryAddTransient<QuickActionRelay>();
        return services;
    }
}
