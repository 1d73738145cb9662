using ApprovalFunctions.LocalHost;
using Microsoft.Extensions.Configuration;

namespace ApprovalFunctions.LocalHost.Tests;

public sealed class LocalSettingsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("localhost-settings-").FullName;

    [Fact]
    public void Values_of_local_settings_become_configuration_with_double_underscore_as_section_separator()
    {
        var configuration = Build(new LocalFunctionsHostOptions
        {
            LocalSettingsFile = Write("local.settings.json", """
                { "IsEncrypted": false,
                  "Values": { "Feishu__AppId": "cli_from_file", "ReconcileSchedule": "0 */5 * * * *" },
                  "Host": { "LocalHttpPort": 7072 } }
                """),
        });

        Assert.Equal("cli_from_file", configuration["Feishu:AppId"]);
        Assert.Equal("0 */5 * * * *", configuration["ReconcileSchedule"]);
        Assert.Equal("7072", configuration["LocalHost:Port"]);
    }

    [Fact]
    public void An_encrypted_local_settings_file_is_refused_with_a_clear_error()
    {
        var options = new LocalFunctionsHostOptions { LocalSettingsFile = Write("local.settings.json", """{ "IsEncrypted": true, "Values": { "A": "b" } }""") };

        var error = Assert.Throws<InvalidOperationException>(() => Build(options));
        Assert.Contains("IsEncrypted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_json_lands_under_AzureFunctionsJobHost_and_settings_override_it_as_in_azure()
    {
        var configuration = Build(new LocalFunctionsHostOptions
        {
            HostJsonFile = Write("host.json", """{ "version": "2.0", "extensions": { "queues": { "batchSize": 16, "maxDequeueCount": 5 } } }"""),
            Settings = new Dictionary<string, string?> { ["AzureFunctionsJobHost__extensions__queues__batchSize"] = "2" },
        });

        var queues = HostJsonSettings.From(configuration).Queues;
        Assert.Equal(2, queues.BatchSize);
        Assert.Equal(5, queues.MaxDequeueCount);
    }

    [Fact]
    public void Command_line_wins_over_local_settings_and_port_has_a_short_switch()
    {
        var configuration = Build(new LocalFunctionsHostOptions
        {
            LocalSettingsFile = Write("local.settings.json", """{ "Values": { "Feishu__AppId": "cli_from_file" } }"""),
            Args = ["--port", "7090", "--Feishu:AppId=cli_from_args"],
        });

        Assert.Equal("cli_from_args", configuration["Feishu:AppId"]);
        Assert.Equal("7090", configuration["LocalHost:Port"]);
    }

    [Fact]
    public void Binding_expressions_resolve_from_settings_and_name_a_missing_one()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ReconcileSchedule"] = "*/10 * * * * *" }).Build();

        Assert.Equal("*/10 * * * * *", LocalSettings.ResolveBindingExpression("%ReconcileSchedule%", configuration));
        Assert.Equal("instance-sync", LocalSettings.ResolveBindingExpression("instance-sync", configuration));
        var error = Assert.Throws<InvalidOperationException>(() => LocalSettings.ResolveBindingExpression("%MissingQueue%", configuration));
        Assert.Contains("'MissingQueue'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("messageEncoding", "utf8", "messageEncoding must be 'base64' or 'none'")]
    [InlineData("batchSize", "64", "batchSize must be between 1 and 32")]
    [InlineData("maxDequeueCount", "0", "maxDequeueCount must be at least 1")]
    public void Invalid_queue_settings_are_refused_naming_the_field(string field, string value, string expected)
    {
        var configuration = Build(new LocalFunctionsHostOptions
        {
            Settings = new Dictionary<string, string?> { [$"AzureFunctionsJobHost__extensions__queues__{field}"] = value },
        });

        var error = Assert.Throws<InvalidOperationException>(() => HostJsonSettings.From(configuration));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_host_json_the_host_defaults_apply()
    {
        var settings = HostJsonSettings.From(Build(new LocalFunctionsHostOptions()));

        Assert.Equal("api", settings.RoutePrefix);
        Assert.True(settings.Queues.IsBase64);
        Assert.Equal(16, settings.Queues.BatchSize);
        Assert.Equal(5, settings.Queues.MaxDequeueCount);
        Assert.Equal(TimeSpan.Zero, settings.Queues.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.Queues.MaxPollingInterval);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static IConfigurationRoot Build(LocalFunctionsHostOptions options)
    {
        var builder = new ConfigurationBuilder();
        builder.AddLocalFunctionsSettings(options);
        return builder.Build();
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
