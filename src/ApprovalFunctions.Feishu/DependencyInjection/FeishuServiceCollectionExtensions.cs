using System.Net.Http.Headers;
using ApprovalFunctions.Feishu.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Feishu.DependencyInjection;

public static class FeishuServiceCollectionExtensions
{
    /// <summary>How long a pooled connection lives, so that DNS changes reach a client held by a singleton.</summary>
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Registers <see cref="IFeishuApprovalClient"/> bound to the "Feishu" configuration section, validated at
    /// start-up: a typed client of the named <see cref="HttpClient"/> <see cref="FeishuHttpClient.Name"/>, and
    /// the host-wide singletons behind it (token cache, outbound rate limiter, retry pipeline, metrics).
    /// Uses the registered <see cref="TimeProvider"/>, or <see cref="TimeProvider.System"/> when there is none.
    /// </summary>
    public static IServiceCollection AddFeishuApprovalClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<FeishuOptions>()
            .BindConfiguration(FeishuOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddMetrics();
        services.TryAddSingleton(sp => new FeishuTelemetry(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new FeishuRetryPipeline(sp.GetRequiredService<IOptions<FeishuOptions>>(), Clock(sp), sp.GetRequiredService<FeishuTelemetry>()));
        services.TryAddSingleton(sp => new FeishuRateLimiter(sp.GetRequiredService<IOptions<FeishuOptions>>(), Clock(sp), sp.GetRequiredService<FeishuTelemetry>()));
        services.TryAddSingleton(sp => new TenantTokenProvider(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<FeishuOptions>>(),
            Clock(sp),
            sp.GetRequiredService<FeishuTelemetry>(),
            sp.GetRequiredService<ILogger<TenantTokenProvider>>()));

        services.AddHttpClient(FeishuHttpClient.Name, (sp, http) =>
            {
                http.BaseAddress = WithTrailingSlash(sp.GetRequiredService<IOptions<FeishuOptions>>().Value.BaseUrl);

                // Each attempt has its own timeout (FeishuOptions.RequestTimeout) on the injected clock.
                http.Timeout = Timeout.InfiniteTimeSpan;
                http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = PooledConnectionLifetime })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The default handler logs full URLs, and the tasks query carries user ids in its query string.
            .RemoveAllLoggers()
            .AddTypedClient<IFeishuApprovalClient>((http, sp) => new FeishuApprovalClient(
                http,
                sp.GetRequiredService<TenantTokenProvider>(),
                sp.GetRequiredService<FeishuRateLimiter>(),
                sp.GetRequiredService<FeishuRetryPipeline>(),
                sp.GetRequiredService<FeishuTelemetry>(),
                sp.GetRequiredService<IOptions<FeishuOptions>>(),
                Clock(sp),
                sp.GetRequiredService<ILogger<FeishuApprovalClient>>()));

        return services;
    }

    private static TimeProvider Clock(IServiceProvider services) => services.GetService<TimeProvider>() ?? TimeProvider.System;

    /// <summary>Relative paths resolve under the base URL's path only when it ends with a slash.</summary>
    private static Uri WithTrailingSlash(Uri baseUrl) =>
        baseUrl.AbsolutePath.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
}
