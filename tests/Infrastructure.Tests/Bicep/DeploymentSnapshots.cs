using Infrastructure.Tests.Arm;

namespace Infrastructure.Tests.Bicep;

/// <summary>
/// What deploying infra/main.bicep would create with the optional features off, fully on, and quick approval with plain
/// callbacks, as <c>bicep snapshot</c> predicts it (modules expanded, conditions evaluated). The snapshot leaves secure
/// parameters unevaluated, so the compiled template is snapshotted with them typed as plain strings (the rules on
/// compiled ARM check that they are secure); every value here is a stand-in.
/// </summary>
public sealed class DeploymentSnapshots : IAsyncLifetime
{
    public const string FeaturesOff = "features-off";
    public const string FeaturesOn = "features-on";
    public const string PlainCallbacks = "plain-callbacks";

    public const string SubscriptionId = "00000000-0000-0000-0000-00000000a001";

    private static readonly Dictionary<string, string> Required = new()
    {
        ["environmentName"] = "snapshot",
        ["location"] = "eastus",
        ["feishuAppId"] = "cli_snapshot",
        ["feishuAppSecret"] = "feishu-secret-stand-in",
        ["webhookSecrets"] = "whsec_c3RhbmQtaW4taW5nZXN0LXNlY3JldA==",
    };

    /// <summary>The optional parameters as azd passes them when their variables are unset: empty.</summary>
    private static readonly Dictionary<string, string> Off = new()
    {
        ["facadeAppId"] = string.Empty,
        ["facadeAppSecret"] = string.Empty,
        ["callbackToken"] = string.Empty,
        ["callbackKey"] = string.Empty,
        ["callbackSourceSecret"] = string.Empty,
        ["callbackSourceUrl"] = string.Empty,
    };

    private static readonly Dictionary<string, string> On = new()
    {
        ["facadeAppId"] = "cli_facade_stand_in",
        ["facadeAppSecret"] = "facade-secret-stand-in-0123456789",
        ["callbackToken"] = "callback-token-stand-in",
        ["callbackKey"] = "callback-key-stand-in",
        ["callbackSourceSecret"] = "whsec_c3RhbmQtaW4tc291cmNlLXNlY3JldA==",
        ["callbackSourceUrl"] = "https://erp.example.com/feishu/actions",
    };

    private readonly string directory = Directory.CreateTempSubdirectory("bicep-snapshot-").FullName;
    private readonly Dictionary<string, DeploymentSnapshot> snapshots = [];

    public static IReadOnlyDictionary<string, string> ParametersOf(string scenario) => scenario switch
    {
        FeaturesOff => Merge(Off),
        FeaturesOn => Merge(On),
        PlainCallbacks => Merge(Off, On.Where(p => p.Key.StartsWith("callback", StringComparison.Ordinal) && p.Key != "callbackKey")),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "Unknown scenario."),
    };

    public DeploymentSnapshot this[string scenario] => snapshots[scenario];

    public async Task InitializeAsync()
    {
        var template = Path.Combine(directory, "main.json");
        var build = await BicepCli.RunAsync("build", CompiledInfrastructure.MainBicep, "--outfile", template);
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed ({build.ExitCode}):{Environment.NewLine}{build.Output}");
        }

        var json = await File.ReadAllTextAsync(template);
        await File.WriteAllTextAsync(template, json.Replace("\"securestring\"", "\"string\"", StringComparison.OrdinalIgnoreCase));
        string[] scenarios = [FeaturesOff, FeaturesOn, PlainCallbacks];
        var taken = await Task.WhenAll(scenarios.Select(TakeAsync));
        foreach (var (scenario, snapshot) in scenarios.Zip(taken))
        {
            snapshots[scenario] = snapshot;
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<DeploymentSnapshot> TakeAsync(string scenario)
    {
        var parameters = Path.Combine(directory, scenario + ".bicepparam");
        var lines = ParametersOf(scenario).Select(p => $"param {p.Key} = '{p.Value.Replace("'", "\\'", StringComparison.Ordinal)}'");
        await File.WriteAllLinesAsync(parameters, ["using './main.json'", .. lines]);
        var result = await BicepCli.RunAsync(
            "snapshot", parameters, "--mode", "overwrite",
            "--subscription-id", SubscriptionId, "--tenant-id", "00000000-0000-0000-0000-00000000a002", "--location", "eastus",
            "--config", RepositoryPaths.Combine("infra", "bicepconfig.json"));
        var output = Path.Combine(directory, scenario + ".snapshot.json");
        if (result.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"bicep snapshot of {scenario} failed ({result.ExitCode}):{Environment.NewLine}{result.Output}");
        }

        return DeploymentSnapshot.Parse(await File.ReadAllTextAsync(output));
    }

    private static Dictionary<string, string> Merge(params IEnumerable<KeyValuePair<string, string>>[] layers)
    {
        var merged = new Dictionary<string, string>(Required);
        foreach (var (name, value) in layers.SelectMany(layer => layer))
        {
            merged[name] = value;
        }

        return merged;
    }
}
