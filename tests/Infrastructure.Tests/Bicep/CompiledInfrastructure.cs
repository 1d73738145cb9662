using Infrastructure.Tests.Arm;

namespace Infrastructure.Tests.Bicep;

/// <summary>
/// Builds and lints infra/main.bicep once for all tests (the CLI takes seconds per run), and keeps the
/// compiled ARM JSON both as text and parsed.
/// </summary>
public sealed class CompiledInfrastructure : IAsyncLifetime
{
    public static readonly string MainBicep = RepositoryPaths.Combine("infra", "main.bicep");

    private readonly string _outputDirectory = Directory.CreateTempSubdirectory("bicep-build-").FullName;

    public BicepResult Build { get; private set; } = null!;

    public BicepResult Lint { get; private set; } = null!;

    public string ArmJson { get; private set; } = string.Empty;

    public ArmTemplate Template { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var armPath = Path.Combine(_outputDirectory, "main.json");
        Build = await BicepCli.RunAsync("build", MainBicep, "--outfile", armPath);
        Lint = await BicepCli.RunAsync("lint", MainBicep);
        if (Build.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed ({Build.ExitCode}):{Environment.NewLine}{Build.Output}");
        }

        ArmJson = await File.ReadAllTextAsync(armPath);
        Template = ArmTemplate.Parse(ArmJson);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_outputDirectory, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class CompiledInfrastructureCollection : ICollectionFixture<CompiledInfrastructure>
{
    public const string Name = "Compiled infrastructure";
}
