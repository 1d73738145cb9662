using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FeishuEmulator.Configuration;
using FeishuEmulator.Tests.Emulator.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static FeishuEmulator.Tests.Emulator.Infrastructure.Payloads;

namespace FeishuEmulator.Tests.Emulator;

/// <summary>The emulator hosted by a test's own web application, and its options.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task AddFeishuEmulator_and_MapFeishuEmulator_serve_feishu_inside_any_web_application()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddFeishuEmulator(new FeishuEmulatorOptions { AppId = "cli_custom", AppSecret = "custom-secret" });
        await using var app = builder.Build();
        app.MapFeishuEmulator();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var response = await http.PostAsJsonAsync(EmulatorHarness.TokenPath, new { app_id = "cli_custom", app_secret = "custom-secret" });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(0, body["code"]!.GetValue<int>());
        Assert.NotNull(app.Services.GetRequiredService<FeishuEmulatorControl>().State);
        await app.StopAsync();
    }

    [Fact]
    public async Task The_server_listens_on_loopback_and_exposes_its_options()
    {
        var options = new FeishuEmulatorOptions { RateLimitPerSecond = 7 };

        await using var server = await FeishuEmulatorServer.StartAsync(options);

        Assert.Equal("127.0.0.1", server.BaseUrl.Host);
        Assert.NotEqual(0, server.BaseUrl.Port);
        Assert.Equal(7, server.Options.RateLimitPerSecond);
    }

    [Fact]
    public async Task Initial_fault_settings_come_from_the_options_and_reset_returns_to_them()
    {
        var options = new FeishuEmulatorOptions();
        options.Faults.TryAgainLaterRate = 1;
        await using var emulator = await EmulatorHarness.StartAsync(options);

        Assert.Equal(1395001, (await emulator.SyncAsync(Instance("inst-1", T0))).Code);
        emulator.Server.Faults.Clear();
        Assert.Equal(0, (await emulator.SyncAsync(Instance("inst-1", T0))).Code);
        emulator.Server.Reset();
        Assert.Equal(1, emulator.Server.Faults.TryAgainLaterRate);
    }

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(50, 0)]
    public void Invalid_options_are_refused_at_start(int perSecond, int perMinute)
    {
        var options = new FeishuEmulatorOptions { RateLimitPerSecond = perSecond, RateLimitPerMinute = perMinute };

        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddFeishuEmulator(options));
    }

    [Fact]
    public void Fault_rates_out_of_range_are_refused()
    {
        var faults = new FaultSettings();

        Assert.Throws<ArgumentException>(() => faults.ServerErrorRate = 1.5);
        Assert.Throws<ArgumentException>(() => faults.Set(new FaultSettingsValues { TimeoutRate = 0.6, InternalErrorRate = 0.6 }));
    }
}
