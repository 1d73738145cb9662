using ApprovalFunctions.Feishu;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.DependencyInjection;
using ApprovalFunctions.Feishu.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using System.Diagnostics.Metrics;

namespace ApprovalFunctions.UnitTests.Feishu.Support;

/// <summary>
/// The Feishu client as the app wires it (<see cref="FeishuServiceCollectionExtensions.AddFeishuApprovalClient"/>),
/// over a <see cref="ScriptedFeishuHandler"/>, on an <see cref="ObservableFakeTimeProvider"/>, with fake logging.
/// Defaults: no backoff delay and a rate limit far above what a test sends, unless a test sets them.
/// </summary>
public sealed class FeishuClientHarness : IAsyncDisposable
{
    public const string AppSecret = "app-secret-do-not-log-7f3a";
    public const string AppId = "cli_test_app";

    private FeishuClientHarness(IReadOnlyDictionary<string, string?> settings)
    {
        Time = new ObservableFakeTimeProvider();
        Handler = new ScriptedFeishuHandler(Time);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddFeishuApprovalClient();
        services.AddHttpClient(FeishuHttpClient.Name).ConfigurePrimaryHttpMessageHandler(() => Handler);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Logs = Services.GetRequiredService<FakeLogCollector>();
    }

    public ObservableFakeTimeProvider Time { get; }

    public ScriptedFeishuHandler Handler { get; }

    public ServiceProvider Services { get; }

    public FakeLogCollector Logs { get; }

    public IFeishuApprovalClient Client => Services.GetRequiredService<IFeishuApprovalClient>();

    public static FeishuClientHarness Create(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Feishu:BaseUrl"] = "https://feishu.test",
            ["Feishu:AppId"] = AppId,
            ["Feishu:AppSecret"] = AppSecret,
            ["Feishu:RequestTimeout"] = "00:00:10",
            ["Feishu:MaxRetries"] = "3",
            ["Feishu:RetryBaseDelay"] = "00:00:00",
            ["Feishu:MaxRateLimitWait"] = "00:00:10",
            ["Feishu:RateLimit:CallsPerSecond"] = "100000",
            ["Feishu:RateLimit:CallsPerMinute"] = "6000000",
            ["Feishu:RateLimit:MaxHostCount"] = "1",
        };
        foreach (var (key, value) in overrides)
        {
            settings["Feishu:" + key] = value;
        }

        return new FeishuClientHarness(settings);
    }

    public MetricCollector<long> Metric(string instrument) =>
        new(Services.GetRequiredService<IMeterFactory>(), FeishuMetrics.MeterName, instrument);

    public static ExternalInstance Instance(string instanceId = "inst-1") => new()
    {
        ApprovalCode = "approval-code-1",
        InstanceId = instanceId,
        Status = InstanceStatus.Pending,
        Links = new ExternalLinks { PcLink = "https://example.test/pc" },
        UserId = "user-1",
        StartTime = 1_700_000_000_000,
        EndTime = 0,
        UpdateTime = 1_700_000_000_000,
        I18nResources = [new I18nResource { Locale = "zh-CN", IsDefault = true, Texts = [new I18nText { Key = "@i18n@title", Value = "Title" }] }],
    };

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Handler.Dispose();
    }
}
