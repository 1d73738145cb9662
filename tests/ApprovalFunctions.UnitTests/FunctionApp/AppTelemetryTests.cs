using System.Diagnostics.Metrics;
using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.FunctionApp.Telemetry;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace ApprovalFunctions.UnitTests.FunctionApp;

public sealed class AppTelemetryTests
{
    // Other tests in this process record on meters of the same names: unique tag values keep the sums exact.
    private readonly string mode = "UPDATE-" + Guid.NewGuid().ToString("N");
    private readonly string operation = "create_instance-" + Guid.NewGuid().ToString("N");

    [Fact]
    public void Sync_mode_Feishu_call_result_and_Feishu_failure_kind_reach_the_exporter_as_tags()
    {
        var exported = new List<Metric>();
        using var provider = Provider(Configuration(), exported);
        var meterProvider = provider.GetRequiredService<MeterProvider>();
        var metrics = provider.GetRequiredService<ApprovalMetrics>();
        var feishu = new FeishuTelemetry(provider.GetRequiredService<IMeterFactory>());

        metrics.Synced(mode);
        metrics.Synced(mode);
        metrics.FeishuCall(mode, "rejected");
        feishu.CallFailed(operation, FeishuErrorKind.Quota);
        Assert.True(meterProvider.ForceFlush());

        Assert.Equal(2, Sum(exported, "approvalfunctions.sync.synced", ("mode", mode)));
        Assert.Equal(1, Sum(exported, "approvalfunctions.sync.feishu_calls", ("mode", mode), ("result", "rejected")));
        Assert.Equal(1, Sum(exported, FeishuMetrics.Calls, ("operation", operation), ("outcome", "failure")));
        Assert.Equal(1, Sum(exported, FeishuMetrics.Failures, ("operation", operation), ("kind", "Quota")));
    }

    [Fact]
    public void Meters_that_are_not_the_apps_are_not_exported()
    {
        var exported = new List<Metric>();
        using var provider = Provider(Configuration(), exported);
        var meterProvider = provider.GetRequiredService<MeterProvider>();
        using var foreign = provider.GetRequiredService<IMeterFactory>().Create("SomeoneElse");
        foreign.CreateCounter<long>("someoneelse.calls").Add(7);
        provider.GetRequiredService<ApprovalMetrics>().Synced(mode);
        Assert.True(meterProvider.ForceFlush());

        Assert.Contains(exported, metric => metric.Name == "approvalfunctions.sync.synced");
        Assert.DoesNotContain(exported, metric => metric.Name == "someoneelse.calls");
        Assert.Equal(["ApprovalFunctions", "ApprovalFunctions.Feishu"], AppTelemetry.MeterNames);
    }

    [Fact]
    public void With_a_connection_string_the_Azure_Monitor_exporter_sends_with_the_configured_managed_identity()
    {
        const string connectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";
        using var provider = Provider(Configuration(
            (AppTelemetry.ConnectionStringSetting, connectionString),
            (AzureMonitorCredential.AuthenticationStringSetting, "ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD")));

        var options = provider.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName);

        Assert.Equal(connectionString, options.ConnectionString);
        Assert.IsType<ManagedIdentityCredential>(options.Credential);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("  ", false)]
    [InlineData("InstrumentationKey=00000000-0000-0000-0000-000000000000", true)]
    public void The_Azure_Monitor_exporter_is_registered_only_with_a_connection_string(string? connectionString, bool registered)
    {
        var services = new ServiceCollection();
        var settings = connectionString is null ? [] : new[] { (AppTelemetry.ConnectionStringSetting, connectionString) };

        services.AddAppTelemetry(Configuration(settings));

        Assert.Equal(registered, services.Any(FromTheAzureMonitorExporter));
    }

    private static bool FromTheAzureMonitorExporter(ServiceDescriptor descriptor)
    {
        var exporter = typeof(AzureMonitorExporterOptions).Assembly;
        bool Mentions(Type? type) => type is not null && (type.Assembly == exporter || type.GenericTypeArguments.Any(Mentions));
        return Mentions(descriptor.ServiceType)
            || Mentions(descriptor.ImplementationType)
            || Mentions(descriptor.ImplementationInstance?.GetType())
            || Mentions(descriptor.ImplementationFactory?.Method.DeclaringType);
    }

    private static ServiceProvider Provider(IConfiguration configuration, List<Metric>? exported = null)
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton<ApprovalMetrics>();
        services.AddAppTelemetry(configuration);
        if (exported is not null)
        {
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported));
        }

        return services.BuildServiceProvider();
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();

    private static long Sum(List<Metric> exported, string name, params (string Key, string Value)[] tags)
    {
        long sum = 0;
        foreach (var metric in exported.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    pointTags[tag.Key] = tag.Value;
                }

                if (tags.All(t => pointTags.TryGetValue(t.Key, out var value) && Equals(value, t.Value)))
                {
                    sum += point.GetSumLong();
                }
            }
        }

        return sum;
    }
}
