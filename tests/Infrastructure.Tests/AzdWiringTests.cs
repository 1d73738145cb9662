using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Infrastructure.Tests.Bicep;

namespace Infrastructure.Tests;

/// <summary>azure.yaml and main.parameters.json fit main.bicep, so `azd up` works.</summary>
[Collection(CompiledInfrastructureCollection.Name)]
public sealed partial class AzdWiringTests(CompiledInfrastructure infrastructure)
{
    private static readonly JsonObject ParametersFile =
        (JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "main.parameters.json")))?["parameters"] as JsonObject)
        ?? throw new InvalidOperationException("infra/main.parameters.json has no parameters object.");

    private JsonObject TemplateParameters => (JsonObject)infrastructure.Template.Root["parameters"]!;

    [Fact]
    public void Parameters_file_supplies_every_parameter_without_a_default()
    {
        var missing = TemplateParameters
            .Where(p => p.Value?["defaultValue"] is null && !ParametersFile.ContainsKey(p.Key))
            .Select(p => p.Key);

        Assert.Empty(missing);
    }

    [Fact]
    public void Parameters_file_names_only_parameters_of_the_template()
    {
        Assert.DoesNotContain(ParametersFile, p => !TemplateParameters.ContainsKey(p.Key));
    }

    [Theory]
    [InlineData("feishuAppSecret")]
    [InlineData("webhookSecrets")]
    [InlineData("facadeAppSecret")]
    [InlineData("callbackToken")]
    [InlineData("callbackKey")]
    [InlineData("callbackSourceSecret")]
    public void Secrets_come_from_the_azd_environment_never_from_the_file(string parameter)
    {
        var value = ParametersFile[parameter]?["value"]?.GetValue<string>() ?? string.Empty;

        Assert.Matches(EnvironmentPlaceholder(), value);
    }

    [Theory]
    [InlineData("facadeAppId")]
    [InlineData("facadeAppSecret")]
    [InlineData("callbackToken")]
    [InlineData("callbackKey")]
    [InlineData("callbackSourceSecret")]
    [InlineData("callbackSourceUrl")]
    [InlineData("callbackPublicBaseUrl")]
    public void Optional_features_parameters_default_to_empty_so_azd_does_not_ask_for_them(string parameter)
    {
        // azd asks for a parameter whose ${VAR} is unset only when the template gives it no default.
        var declared = TemplateParameters[parameter]!;

        Assert.Equal(string.Empty, declared["defaultValue"]?.GetValue<string>());
        Assert.Null(declared["minLength"]);
        Assert.Matches(EnvironmentPlaceholder(), ParametersFile[parameter]?["value"]?.GetValue<string>() ?? string.Empty);
    }

    [Theory]
    [InlineData("feishuAppId")]
    [InlineData("feishuAppSecret")]
    [InlineData("webhookSecrets")]
    public void What_the_app_cannot_run_without_is_required_so_azd_asks_for_it(string parameter)
    {
        var declared = TemplateParameters[parameter]!;

        Assert.Null(declared["defaultValue"]);
        Assert.Equal(1, declared["minLength"]?.GetValue<int>());
    }

    [Theory]
    [InlineData("AZURE_LOCATION")]
    [InlineData("AZURE_TENANT_ID")]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("SERVICE_API_NAME")]
    [InlineData("SERVICE_API_URI")]
    public void Template_outputs_what_azd_and_operators_read(string output)
    {
        Assert.NotNull(infrastructure.Template.Root["outputs"]?[output]);
    }

    [Fact]
    public void Azure_yaml_deploys_the_function_app_project_as_service_api()
    {
        var yaml = File.ReadAllText(RepositoryPaths.Combine("azure.yaml"));
        var service = ServiceApi().Match(yaml);

        Assert.True(service.Success, "azure.yaml has no services: api: entry.");
        var body = service.Groups["body"].Value;
        Assert.Contains("language: dotnet", body, StringComparison.Ordinal);
        Assert.Contains("host: function", body, StringComparison.Ordinal);
        var project = ProjectPath().Match(body).Groups["path"].Value;
        Assert.True(Directory.Exists(RepositoryPaths.Combine(project)), $"azure.yaml's project '{project}' does not exist.");
        Assert.True(File.Exists(RepositoryPaths.Combine(project, "ApprovalFunctions.FunctionApp.csproj")));
    }

    [GeneratedRegex(@"^\$\{[A-Z][A-Z0-9_]*\}$")]
    private static partial Regex EnvironmentPlaceholder();

    [GeneratedRegex(@"^services:\s*\n  api:\s*\n(?<body>(    .*\n?)+)", RegexOptions.Multiline)]
    private static partial Regex ServiceApi();

    [GeneratedRegex(@"project:\s*(?<path>\S+)")]
    private static partial Regex ProjectPath();
}
