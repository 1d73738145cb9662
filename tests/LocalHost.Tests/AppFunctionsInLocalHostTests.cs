using System.Diagnostics;
using System.Net;
using System.Reflection;
using ApprovalFunctions.LocalHost;
using Microsoft.Extensions.Configuration;

namespace ApprovalFunctions.LocalHost.Tests;

/// <summary>The Functions app's own function classes, as tools/start-local.sh runs them.</summary>
public sealed class AppFunctionsInLocalHostTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Assembly FunctionApp = Assembly.Load("ApprovalFunctions.FunctionApp");

    [Fact]
    public void Every_function_of_the_app_has_a_shape_the_local_host_can_run()
    {
        var functions = FunctionCatalog.Discover(FunctionCatalog.FunctionClassesIn(FunctionApp));

        Assert.All(functions, function => Assert.Same(FunctionApp, function.FunctionClass.Assembly));
    }

    [Fact]
    public void With_no_route_prefix_in_host_json_every_route_of_the_app_starts_with_api_or_is_the_feishu_surface()
    {
        var configuration = new ConfigurationBuilder();
        configuration.AddLocalFunctionsSettings(new LocalFunctionsHostOptions { HostJsonFile = RepositoryPaths.Combine("host.json") });
        var hostJson = HostJsonSettings.From(configuration.Build());
        var routes = FunctionCatalog.Discover(FunctionCatalog.FunctionClassesIn(FunctionApp))
            .Where(f => f.Trigger is HttpFunctionTrigger)
            .Select(f => HttpTriggerEndpoints.RouteOf(f, (HttpFunctionTrigger)f.Trigger, hostJson.RoutePrefix))
            .ToList();

        Assert.Equal(string.Empty, hostJson.RoutePrefix);
        Assert.Contains("/open-apis/{*path}", routes);
        Assert.All(routes.Where(r => r != "/open-apis/{*path}"), route => Assert.StartsWith("/api/", route, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_app_starts_in_the_local_host_with_the_repository_host_json_and_answers_health()
    {
        await using var host = await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions
        {
            FunctionAssemblies = [FunctionApp],
            HostJsonFile = RepositoryPaths.Combine("host.json"),
            LocalSettingsFile = RepositoryPaths.Combine("local.settings.sample.json"),
            Settings = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString },
            Port = 0,
        });
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var health = await client.GetAsync(new Uri("health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(FunctionCatalog.FunctionClassesIn(FunctionApp).Count(), host.Functions.Select(f => f.FunctionClass).Distinct().Count());
    }

    [Theory]
    [InlineData(null, "ReconcileSchedule is not set")]
    [InlineData("0 */10 * * * *", "144 shard(s) (1, 3, 5,")]
    public async Task Start_up_without_a_fitting_ReconcileSchedule_fails_with_one_line_naming_it(string? schedule, string expected)
    {
        // The real entry point, as start-local.sh runs it, with no local.settings.json to find (working directory: temp).
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(typeof(LocalFunctionsHost).Assembly.Location);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        start.Environment["AzureWebJobsStorage"] = azurite.ConnectionString;
        start.Environment["Feishu__AppId"] = "cli_startup_test";
        start.Environment["Feishu__AppSecret"] = "startup-test-secret";
        start.Environment.Remove("ReconcileSchedule");
        if (schedule is not null)
        {
            start.Environment["ReconcileSchedule"] = schedule;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(1, process.ExitCode);
        var line = Assert.Single(lines);
        Assert.StartsWith("Start-up failed: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await stdout, StringComparison.Ordinal);
    }
}
