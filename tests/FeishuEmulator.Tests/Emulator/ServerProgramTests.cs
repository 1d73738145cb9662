using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FeishuEmulator.Tests.Emulator;

/// <summary>The stand-alone server (tools/FeishuEmulator.Server) run as its own process, as people run it.</summary>
public sealed partial class ServerProgramTests
{
    [Fact]
    public async Task The_server_takes_its_port_and_emulator_settings_from_configuration_and_logs_its_url_when_ready()
    {
        using var server = StartServer(("EMULATOR_PORT", "0"), ("Emulator__SilentDropRate", "0.25"), ("Emulator__Targets", "Sync, Check"));
        try
        {
            var url = await ReadyUrlAsync(server);
            using var http = new HttpClient { BaseAddress = new Uri(url) };

            var faults = JsonNode.Parse(await http.GetStringAsync("/emulator/faults"))!;

            Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal);
            Assert.Equal(0.25, faults["silentDropRate"]!.GetValue<double>());
            Assert.Equal("Sync, Check", faults["targets"]!.GetValue<string>());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task The_port_argument_wins_over_the_environment()
    {
        var port = FreePort();
        using var server = StartServer(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], ("EMULATOR_PORT", "1"));
        try
        {
            var url = await ReadyUrlAsync(server);

            Assert.Equal(port, new Uri(url).Port);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
        }
    }

    private static Process StartServer(params (string Name, string Value)[] environment) => StartServer([], environment);

    private static Process StartServer(string[] arguments, params (string Name, string Value)[] environment)
    {
        // The test output is bin/<Configuration>/net10.0; the server builds to the same layout under its project.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var root = FindRepositoryRoot();
        var dll = Path.Combine(root, "tools", "FeishuEmulator.Server", "bin", configuration, "net10.0", "FeishuEmulator.Server.dll");
        Assert.True(File.Exists(dll), $"The emulator server is not built at {dll}.");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    private static async Task<string> ReadyUrlAsync(Process server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ReadyLine().Match(line) is { Success: true } match)
            {
                return match.Groups["url"].Value;
            }
        }

        throw new InvalidOperationException($"The emulator server exited before it was ready: {await server.StandardError.ReadToEndAsync()}");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ApprovalFunctions.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ApprovalFunctions.sln not found above the test output.");
    }

    [GeneratedRegex(@"Feishu emulator ready at (?<url>http://\S+)")]
    private static partial Regex ReadyLine();
}
