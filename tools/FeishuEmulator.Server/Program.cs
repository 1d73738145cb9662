using System.Globalization;
using FeishuEmulator;
using FeishuEmulator.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// Runs the Feishu emulator as a stand-alone server for local runs of the function app.
// Port: --port, else EMULATOR_PORT, else 7300, on 127.0.0.1; --urls (or ASPNETCORE_URLS) overrides the whole address.
// Behaviour: configuration section "Emulator", e.g. Emulator__LatencyMs=200 or --Emulator:SilentDropRate=0.1.
var builder = WebApplication.CreateSlimBuilder(args);
// One line per request from ASP.NET Core would bury the emulator's own lines; raise it with Logging__LogLevel__Microsoft.AspNetCore.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

var options = new FeishuEmulatorOptions();
var section = builder.Configuration.GetSection(FeishuEmulatorOptions.SectionName);
section.Bind(options);
// Fault settings sit flat in the same section (Emulator__SilentDropRate), as people type them.
section.Bind(options.Faults);

if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    var portText = builder.Configuration["port"] ?? builder.Configuration["EMULATOR_PORT"] ?? "7300";
    if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
    {
        throw new ArgumentException($"The emulator port must be a number from 0 to 65535 (--port or EMULATOR_PORT), got '{portText}'.");
    }

    builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
}

builder.Services.AddFeishuEmulator(options);
var app = builder.Build();
app.MapFeishuEmulator();

var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FeishuEmulator.Server");
app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    ServerLog.Ready(logger, string.Join(", ", addresses), options.AppId);
});

await app.RunAsync();

internal static partial class ServerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Feishu emulator ready at {Urls} (app id {AppId})")]
    public static partial void Ready(ILogger logger, string urls, string appId);
}
