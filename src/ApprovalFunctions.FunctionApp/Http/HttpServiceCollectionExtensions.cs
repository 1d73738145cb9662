using ApprovalFunctions.FunctionApp.Functions.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApprovalFunctions.FunctionApp.Http;

public static class HttpServiceCollectionExtensions
{
    /// <summary>
    /// What the HTTP functions share: reading requests for Core (<see cref="IncomingRequests"/>), running operator
    /// endpoints (<see cref="OperatorEndpoint"/>) and answering failures as problems (<see cref="ServerErrorProblems"/>). Any host of these functions (Azure's, the local host) calls this.
    /// </summary>
    public static IServiceCollection AddHttpFunctions(this IServiceCollection services)
    {
        services.TryAddSingleton<IncomingRequests>();
        services.TryAddSingleton<OperatorEndpoint>();
        services.TryAddSingleton<ServerErrorProblems>();
        return services;
    }
}
