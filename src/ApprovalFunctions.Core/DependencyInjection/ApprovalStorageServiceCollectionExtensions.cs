using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalFunctions.Core.DependencyInjection;

public static class ApprovalStorageServiceCollectionExtensions
{
    public static IServiceCollection AddApprovalStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services;
    }
}
