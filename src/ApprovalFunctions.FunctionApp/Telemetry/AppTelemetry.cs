using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Feishu.Client;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ApprovalFunctions.FunctionApp.Telemetry;

/// <summary>
/// The worker's telemetry through OpenTelemetry: the app's meters with every tag they carry (status, mode, outcome, ...),
/// the Functions worker's traces and resource, and, when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, logs,
/// traces and metrics exported to Azure Monitor with the identity that <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>
/// names. host.json's <c>"telemetryMode": "OpenTelemetry"</c> puts the Functions host on the same footing.
/// </summary>
public static class AppTelemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// Every meter of the app. The exporter collects these, and the local host's counters listen to the same names,
    /// so what a benchmark counts is what Azure sees.
    /// </summary>
    public static IReadOnlyList<string> MeterNames { get; } = [ApprovalMetrics.MeterName, FeishuMetrics.MeterName];

    public static IServiceCollection AddAppTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithMetrics(metrics => metrics.AddMeter([.. MeterNames]));

        // Without a destination (local runs, tests) the meters are still collected, so an in-process reader can be added.
        var connectionString = configuration[ConnectionStringSetting];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var credential = AzureMonitorCredential.From(configuration[AzureMonitorCredential.AuthenticationStringSetting]);
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = credential;
            });
        }

        return services;
    }
}
