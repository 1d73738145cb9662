using Infrastructure.Tests.Bicep;

namespace Infrastructure.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class BicepToolingTests(CompiledInfrastructure infrastructure)
{
    [Fact]
    public async Task The_Bicep_CLI_is_the_version_pinned_in_Directory_Packages_props()
    {
        var props = await File.ReadAllTextAsync(RepositoryPaths.Combine("Directory.Packages.props"));
        var pinned = System.Text.RegularExpressions.Regex.Match(props, "Include=\"Azure.Bicep.CommandLine.linux-x64\" Version=\"(?<v>[^\"]+)\"").Groups["v"].Value;

        var version = await BicepCli.RunAsync("--version");

        Assert.Equal(0, version.ExitCode);
        Assert.False(string.IsNullOrEmpty(pinned), "Directory.Packages.props pins no Bicep CLI version.");
        Assert.Contains($"Bicep CLI version {pinned} ", version.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Main_bicep_builds_without_warnings()
    {
        Assert.Equal(0, infrastructure.Build.ExitCode);
        Assert.True(string.IsNullOrWhiteSpace(infrastructure.Build.Output), $"bicep build printed:{Environment.NewLine}{infrastructure.Build.Output}");
    }

    [Fact]
    public void Main_bicep_lints_with_zero_diagnostics()
    {
        Assert.True(
            infrastructure.Lint.ExitCode == 0 && string.IsNullOrWhiteSpace(infrastructure.Lint.Output),
            $"bicep lint exited {infrastructure.Lint.ExitCode} and printed:{Environment.NewLine}{infrastructure.Lint.Output}");
    }

    [Fact]
    public async Task Lint_reports_a_rule_the_config_turns_to_error()
    {
        // Proves bicepconfig.json is in force: an unused parameter is an error there, not a silent warning.
        var directory = Directory.CreateTempSubdirectory("bicep-lint-");
        try
        {
            File.Copy(RepositoryPaths.Combine("infra", "bicepconfig.json"), Path.Combine(directory.FullName, "bicepconfig.json"));
            var file = Path.Combine(directory.FullName, "broken.bicep");
            await File.WriteAllTextAsync(file, "param unused string\n");

            var lint = await BicepCli.RunAsync("lint", file);

            Assert.NotEqual(0, lint.ExitCode);
            Assert.Contains("Error no-unused-params", lint.Output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
