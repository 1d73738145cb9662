using ApprovalFunctions.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalFunctions.LocalHost.Tests;

/// <summary>Starts the local host in-process on a free port with the repository's host.json and the given sample classes.</summary>
internal static class SampleHost
{
    public static Task<LocalFunctionsHost> StartAsync(
        AzuriteFixture azurite,
        InvocationRecorder recorder,
        IReadOnlyList<Type> functionClasses,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Feishu__BaseUrl"] = "http://127.0.0.1:9",
            ["Feishu__AppId"] = "cli_local_host_tests",
            ["Feishu__AppSecret"] = "local-host-tests-secret",
            // Required by the app at start-up; with one sweep shard a daily round sweeps everything, as the app checks.
            ["ReconcileSchedule"] = "0 0 0 * * *",
            ["Sweep__ShardCount"] = "1",
            // The samples are written for the Functions host's default prefix; the app's host.json has none (its routes say "api/").
            ["AzureFunctionsJobHost__extensions__http__routePrefix"] = "api",
            // Fast polling so that tests see messages promptly.
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.200",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            all[name] = value;
        }

        return LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions
        {
            FunctionClasses = functionClasses,
            HostJsonFile = RepositoryPaths.Combine("host.json"),
            Settings = all,
            Port = 0,
            ConfigureServices = services => services.AddSingleton(recorder),
        });
    }

    /// <summary>A queue name no other test uses.</summary>
    public static string UniqueQueueName(string purpose) => $"{purpose}-{Guid.NewGuid():N}";
}
