using ApprovalFunctions.Feishu.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalFunctions.Core.DependencyInjection;

/// <summary>
/// The app's composition root, shared by the Functions app's Program.cs and the local host so that
/// both run exactly the same services.
/// </summary>
public static class ApprovalFunctionsServiceCollectionExtensions
{
    public static IServiceCollection AddApprovalFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddFeishuApprovalClient();
        services.AddApprovalStorage(configuration);
        services.AddInstanceTimeline();
        services.AddIngestStorage();
        services.AddIngest();
        services.AddFeishuFacade();
        services.AddSyncPipeline();
        services.AddReconciliation();
        services.AddOperatorTools();
        services.AddQuickApproval();
        services.AddOperatorConsole();
        return services;
    }
}
