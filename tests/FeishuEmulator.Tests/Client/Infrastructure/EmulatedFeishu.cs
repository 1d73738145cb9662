using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.DependencyInjection;
using FeishuEmulator.Configuration;
using FeishuEmulator.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace FeishuEmulator.Tests.Client.Infrastructure;

/// <summary>
/// The production Feishu client composed as the app composes it (<see cref="FeishuServiceCollectionExtensions.AddFeishuApprovalClient"/>
/// bound to a "Feishu" configuration section), talking over real HTTP to an in-process emulator on a free port.
/// Either side may run on a fake clock; the client's own limiter is set far above anything a test sends and its
/// backoff to zero, so that only the emulator's behaviour shapes a test.
/// </summary>
public sealed class EmulatedFeishu : IAsyncDisposable
{
    /// <summary>Real-time bound on waiting for a signal, so that a broken test fails instead of hanging.</summary>
    public static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(10);

    private readonly ServiceProvider services;

    private EmulatedFeishu(FeishuEmulatorServer emulator, ServiceProvider services, WireLog wire)
    {
        Emulator = emulator;
        this.services = services;
        Wire = wire;
        Logs = services.GetRequiredService<FakeLogCollector>();
        Client = services.GetRequiredService<IFeishuApprovalClient>();
    }

    public FeishuEmulatorServer Emulator { get; }

    public IFeishuApprovalClient Client { get; }

    /// <summary>Every HTTP exchange of the client, token calls included.</summary>
    public WireLog Wire { get; }

    /// <summary>The client's log lines.</summary>
    public FakeLogCollector Logs { get; }

    /// <summary>
    /// Starts an emulator and composes a client for it.
    /// </summary>
    /// <param name="emulatorOptions">The emulated tenant; its app id and secret are the ones the client is configured with.</param>
    /// <param name="emulatorClock">The emulator's clock (tokens, rate windows); real time when null.</param>
    /// <param name="clientClock">The client's <see cref="TimeProvider"/> (token cache, limiter, timeouts, backoff); real time when null.</param>
    /// <param name="clientSettings">Overrides of the "Feishu" section, keys without the prefix (e.g. <c>MaxRetries</c>).</param>
    public static async Task<EmulatedFeishu> StartAsync(
        FeishuEmulatorOptions? emulatorOptions = null,
        TimeProvider? emulatorClock = null,
        TimeProvider? clientClock = null,
        IReadOnlyDictionary<string, string>? clientSettings = null)
    {
        emulatorOptions ??= new FeishuEmulatorOptions();
        var emulator = await FeishuEmulatorServer.StartAsync(emulatorOptions, port: 0, emulatorClock);

        var settings = new Dictionary<string, string?>
        {
            ["Feishu:BaseUrl"] = emulator.BaseUrl.AbsoluteUri,
            ["Feishu:AppId"] = emulatorOptions.AppId,
            ["Feishu:AppSecret"] = emulatorOptions.AppSecret,
            ["Feishu:RequestTimeout"] = "00:00:05",
            ["Feishu:MaxRetries"] = "3",
            ["Feishu:RetryBaseDelay"] = "00:00:00",
            ["Feishu:MaxRateLimitWait"] = "00:00:10",
            ["Feishu:RateLimit:CallsPerSecond"] = "100000",
            ["Feishu:RateLimit:CallsPerMinute"] = "6000000",
            ["Feishu:RateLimit:MaxHostCount"] = "1",
        };
        foreach (var (key, value) in clientSettings ?? new Dictionary<string, string>())
        {
            settings["Feishu:" + key] = value;
        }

        var wire = new WireLog();
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        if (clientClock is not null)
        {
            collection.AddSingleton(clientClock);
        }

        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        collection.AddFeishuApprovalClient();
        collection.AddHttpClient(FeishuHttpClient.Name).AddHttpMessageHandler(() => new WireTap(wire));
        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new EmulatedFeishu(emulator, provider, wire);
    }

    /// <summary>Shorthand for <see cref="StartAsync"/>'s client settings.</summary>
    public static IReadOnlyDictionary<string, string> Settings(params (string Key, object Value)[] settings) =>
        settings.ToDictionary(setting => setting.Key, setting => Convert.ToString(setting.Value, CultureInfo.InvariantCulture)!);

    /// <summary>
    /// Completes once the emulator's counters satisfy <paramref name="condition"/>. The emulator raises no events,
    /// so its counters are polled; fails after <see cref="SignalTimeout"/>.
    /// </summary>
    public async Task WaitForEmulatorAsync(Func<EmulatorStatsSnapshot, bool> condition)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition(Emulator.Stats.Snapshot()))
        {
            if (Stopwatch.GetElapsedTime(started) > SignalTimeout)
            {
                throw new TimeoutException($"The emulator's counters did not reach the expected state within {SignalTimeout}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1));
        }
    }

    /// <summary>Collects one of the client's instruments (<see cref="FeishuMetrics"/>) from now on.</summary>
    public MetricCollector<long> Metric(string instrument) =>
        new(services.GetRequiredService<IMeterFactory>(), FeishuMetrics.MeterName, instrument);

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
