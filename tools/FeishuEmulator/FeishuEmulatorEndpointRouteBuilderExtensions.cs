using FeishuEmulator.Configuration;
using FeishuEmulator.Endpoints;
using FeishuEmulator.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FeishuEmulator;

public static class FeishuEmulatorEndpointRouteBuilderExtensions
{
    /// <summary>Maps the emulated Feishu endpoints and the emulator's own <c>/emulator/*</c> view and controls.</summary>
    public static IEndpointRouteBuilder MapFeishuEmulator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var pipeline = services.GetRequiredService<FeishuRequestPipeline>();

        Map("POST", FeishuEndpointNames.TokenPath, FeishuEndpointNames.Token, FaultTargets.Token, requiresToken: false,
            services.GetRequiredService<TokenHandler>().HandleAsync);
        Map("POST", FeishuEndpointNames.SyncPath, FeishuEndpointNames.Sync, FaultTargets.Sync, requiresToken: true,
            services.GetRequiredService<SyncHandler>().HandleAsync);
        Map("POST", FeishuEndpointNames.CheckPath, FeishuEndpointNames.Check, FaultTargets.Check, requiresToken: true,
            services.GetRequiredService<CheckHandler>().HandleAsync);
        Map("GET", FeishuEndpointNames.TasksQueryPath, FeishuEndpointNames.TasksQuery, FaultTargets.TasksQuery, requiresToken: true,
            services.GetRequiredService<TasksQueryHandler>().HandleAsync);
        Map("GET", FeishuEndpointNames.ExternalTasksPath, FeishuEndpointNames.ExternalTasks, FaultTargets.ExternalTasks, requiresToken: true,
            services.GetRequiredService<ExternalTasksHandler>().HandleAsync);
        Map("POST", FeishuEndpointNames.ExternalApprovalsPath, FeishuEndpointNames.ExternalApprovals, FaultTargets.ExternalApprovals, requiresToken: true,
            services.GetRequiredService<ExternalApprovalsHandler>().HandleAsync);

        EmulatorViewEndpoints.Map(endpoints);
        QuickApprovalEndpoints.Map(endpoints);
        return endpoints;

        void Map(string method, string path, string name, FaultTargets target, bool requiresToken, FeishuRequestPipeline.Handler handler) =>
            endpoints.MapMethods(path, [method], (HttpContext context) => pipeline.RunAsync(context, name, target, requiresToken, handler))
                .WithDisplayName($"Feishu emulator {name}");
    }
}
