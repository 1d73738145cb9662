using ApprovalFunctions.Core.Facade;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.DependencyInjection;

public static class FacadeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Feishu-compatible surface (<see cref="FeishuFacade"/> and its endpoints) and <see cref="FacadeOptions"/>
    /// (section "Facade", validated at start-up). It reuses ingest's reader and ingestor, so call it beside
    /// <c>AddIngest</c> and <c>AddIngestStorage</c>.
    /// </summary>
    public static IServiceCollection AddFeishuFacade(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<FacadeOptions>()
            .BindConfiguration(FacadeOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FacadeOptions>, FacadeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FacadeTokens>();
        services.TryAddSingleton<FacadeAuthentication>();
        services.TryAddSingleton<FacadeTokenEndpoint>();
        services.TryAddSingleton<FacadeSyncEndpoint>();
        services.TryAddSingleton<FacadeCheckEndpoint>();
        services.TryAddSingleton<FeishuFacade>();
        return services;
    }
}
