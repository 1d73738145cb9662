using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ApprovalFunctions.IntegrationTests.FeishuSdk;

/// <summary>
/// Runs <c>tools/feishu-sdk-check/sdk-check.js</c>: the official Feishu Node SDK (pinned in that folder's lock file and
/// installed by tools/test.sh) as a real client, built with only domain, app id and app secret changed.
/// </summary>
internal static class FeishuNodeSdk
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static string Folder => RepositoryPaths.Combine("tools", "feishu-sdk-check");

    /// <summary>Runs one command (sync, check, shapes) and returns the JSON document it wrote.</summary>
    public static async Task<JsonObject> RunAsync(string command, Uri domain, string appId, string appSecret, params (string Name, string Value)[] options)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var sdk = Path.Combine(Folder, "node_modules", "@larksuiteoapi", "node-sdk", "package.json");
        Assert.True(File.Exists(sdk),
            $"The pinned Feishu Node SDK is not installed in {Folder}: run tools/test.sh, or npm ci --prefix tools/feishu-sdk-check.");

        var output = Path.Combine(Path.GetTempPath(), $"feishu-sdk-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "sdk-check.js", command, "--domain", domain.ToString().TrimEnd('/'), "--app-id", appId, "--app-secret", appSecret, "--out", output })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in options)
        {
            start.ArgumentList.Add("--" + name);
            start.ArgumentList.Add(value);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using (var cancellation = new CancellationTokenSource(Timeout))
            {
                try
                {
                    await process.WaitForExitAsync(cancellation.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException($"sdk-check.js {command} ran longer than {Timeout.TotalSeconds:0} s. Output: {await stdout} {await stderr}");
                }
            }

            Assert.True(process.ExitCode == 0, $"sdk-check.js {command} exited with {process.ExitCode}: {await stderr}{Environment.NewLine}{await stdout}");
            return JsonNode.Parse(await File.ReadAllTextAsync(output))!.AsObject();
        }
        finally
        {
            File.Delete(output);
        }
    }
}
