using FeishuEmulator.Auth;
using FeishuEmulator.Callbacks;
using FeishuEmulator.Configuration;
using FeishuEmulator.Diagnostics;
using FeishuEmulator.Endpoints;
using FeishuEmulator.Protocol;
using FeishuEmulator.State;
using FeishuEmulator.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace FeishuEmulator;

public static class FeishuEmulatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the emulated Feishu tenant; map its endpoints with <see cref="FeishuEmulatorEndpointRouteBuilderExtensions.MapFeishuEmulator"/>.
    /// </summary>
    /// <param name="timeProvider">The emulator's clock (tokens, rate windows, latency); <see cref="TimeProvider.System"/> when null.</param>
    public static IServiceCollection AddFeishuEmulator(this IServiceCollection services, FeishuEmulatorOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        options ??= new FeishuEmulatorOptions();
        options.Validate();

        var faults = new FaultSettings();
        faults.Set(options.Faults.Snapshot());
        var clock = timeProvider ?? TimeProvider.System;

        services.AddLogging();
        services.AddSingleton(options);
        services.AddSingleton(faults);
        services.AddSingleton(sp => new TenantTokenStore(options, clock));
        services.AddSingleton(sp => new RateLimiter(options, clock));
        services.AddSingleton(FeishuSchemas.Shared);
        services.AddSingleton<ApprovalStore>();
        services.AddSingleton<EmulatorStats>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<FeishuRequestPipeline>(sp, clock));
        services.AddSingleton<TokenHandler>();
        services.AddSingleton<SyncHandler>();
        services.AddSingleton<CheckHandler>();
        services.AddSingleton<TasksQueryHandler>();
        services.AddSingleton<ExternalTasksHandler>();
        services.AddSingleton<ExternalApprovalsHandler>();
        services.AddHttpClient(QuickApprovalTaps.HttpClientName);
        services.AddSingleton<QuickApprovalTaps>();
        services.AddSingleton(sp => new FeishuEmulatorControl(
            options, sp.GetRequiredService<ApprovalStore>(), faults, sp.GetRequiredService<EmulatorStats>(), sp.GetRequiredService<RateLimiter>()));
        return services;
    }
}
