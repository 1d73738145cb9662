using System.Diagnostics;
using System.Reflection;

namespace Infrastructure.Tests.Bicep;

/// <summary>Runs the Bicep CLI that restore downloaded (its path is baked into this assembly at build time).</summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string ExecutablePath { get; } = FindExecutable();

    public static async Task<BicepResult> RunAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        using var timeout = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new BicepResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindExecutable()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI restored from NuGet was not found at '{path}'. Build tests/Infrastructure.Tests (its restore downloads the CLI).");
        }

        return path;
    }
}

public sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => (StandardOutput + Environment.NewLine + StandardError).Trim();
}
