using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalFunctions.Core.DependencyInjection;

public static class SyncPipelineServiceCollectionExtensions
{
    public static IServiceCollection AddSyncPipeline(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services;
    }
}
