using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ApprovalFunctions.Tests.Shared;

/// <summary>
/// A real Azurite (the pinned npm package in tools/azurite), in memory, on free ports, for one test
/// class. Installs the package with `npm ci` when the test command has not done so already.
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private readonly System.Text.StringBuilder output = new();
    private Process? process;

    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var azurite = await EnsureInstalledAsync();
        var startInfo = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[] { azurite, "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1", "--blobPort", "0", "--queuePort", "0", "--tablePort", "0" })
        {
            startInfo.ArgumentList.Add(arg);
        }

        process = Process.Start(startInfo) ?? throw new InvalidOperationException("Azurite did not start.");
        var ports = new Dictionary<string, int>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
                var match = ListeningLine().Match(e.Data);
                if (match.Success)
                {
                    ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var finished = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (finished != ready.Task)
        {
            throw new InvalidOperationException($"Azurite did not start listening:\n{output}");
        }

        ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            $"AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{ports["Blob"]}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{ports["Queue"]}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{ports["Table"]}/devstoreaccount1;";
    }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
        }

        process?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The path of Azurite's entry script, installing the pinned package first if needed.</summary>
    private static async Task<string> EnsureInstalledAsync()
    {
        var folder = RepositoryPaths.Combine("tools", "azurite");
        var entry = Path.Combine(folder, "node_modules", "azurite", "dist", "src", "azurite.js");
        await InstallLock.WaitAsync();
        try
        {
            if (!File.Exists(entry))
            {
                var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error") { WorkingDirectory = folder, UseShellExecute = false })
                    ?? throw new InvalidOperationException("npm did not start.");
                await npm.WaitForExitAsync();
                if (npm.ExitCode != 0 || !File.Exists(entry))
                {
                    throw new InvalidOperationException($"npm ci in {folder} failed with exit code {npm.ExitCode}.");
                }
            }
        }
        finally
        {
            InstallLock.Release();
        }

        return entry;
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
