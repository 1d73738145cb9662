using ApprovalFunctions.Core.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.DependencyInjection;

public static class IngestServiceCollectionExtensions
{
    /// <summary>
    /// Registers the request side of ingest: <see cref="IngestOptions"/> (section "Ingest", validated at start-up,
    /// including the webhook secrets), <see cref="IIngestRequestReader"/>, <see cref="WebhookSignatureVerifier"/>
    /// and <see cref="InstanceRequestValidator"/>.
    /// </summary>
    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WebhookSignatureVerifier>();
        services.TryAddSingleton<InstanceRequestValidator>();
        services.TryAddSingleton<IIngestRequestReader, IngestRequestReader>();
        return services;
    }
}
