using FeishuEmulator.Configuration;
using FeishuEmulator.Diagnostics;
using FeishuEmulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeishuEmulator;

/// <summary>A Feishu emulator listening on 127.0.0.1 for one test (or a test class); dispose it to stop.</summary>
public sealed class FeishuEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FeishuEmulatorControl _control;

    private FeishuEmulatorServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        _control = app.Services.GetRequiredService<FeishuEmulatorControl>();
    }

    /// <summary>Where the emulated Feishu listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    public FeishuEmulatorOptions Options => _control.Options;

    /// <summary>What the emulated Feishu holds.</summary>
    public ApprovalStore State => _control.State;

    /// <summary>The live fault settings.</summary>
    public FaultSettings Faults => _control.Faults;

    public EmulatorStats Stats => _control.Stats;

    /// <summary>See <see cref="FeishuEmulatorControl.Reset"/>.</summary>
    public void Reset() => _control.Reset();

    /// <summary>Starts an emulator; port 0 picks a free one.</summary>
    public static async Task<FeishuEmulatorServer> StartAsync(FeishuEmulatorOptions? options = null, int port = 0, TimeProvider? timeProvider = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
        builder.Services.AddFeishuEmulator(options, timeProvider);
        var app = builder.Build();
        app.MapFeishuEmulator();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var actualPort = new Uri(address).Port;
        return new FeishuEmulatorServer(app, new Uri($"http://127.0.0.1:{actualPort}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
