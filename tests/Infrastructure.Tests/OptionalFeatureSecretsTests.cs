using Infrastructure.Tests.Bicep;

namespace Infrastructure.Tests;

/// <summary>
/// The Feishu-compatible surface and quick approval are optional: deployed without them (azd passes '' for unset
/// variables), no empty Key Vault secret is created and their settings are empty; with them, each secret holds its value
/// and its setting is a Key Vault reference to it.
/// </summary>
public sealed class OptionalFeatureSecretsTests(DeploymentSnapshots snapshots) : IClassFixture<DeploymentSnapshots>
{
    private static readonly Dictionary<string, (string Setting, string Parameter)> OptionalSecrets = new()
    {
        ["facade-app-secret"] = ("Facade__AppSecret", "facadeAppSecret"),
        ["callback-token"] = ("Callback__Token", "callbackToken"),
        ["callback-key"] = ("Callback__Key", "callbackKey"),
        ["callback-source-secret"] = ("Callback__SourceSecret", "callbackSourceSecret"),
    };

    [Fact]
    public void With_the_features_off_no_optional_secret_is_created_and_their_settings_are_empty()
    {
        var snapshot = snapshots[DeploymentSnapshots.FeaturesOff];

        Assert.Equal(["feishu-app-secret", "ingest-webhook-secrets"], snapshot.Secrets.Keys.Order(StringComparer.Ordinal));
        foreach (var setting in OptionalSecrets.Values.Select(o => o.Setting).Append("Facade__AppId").Append("Callback__SourceUrl"))
        {
            Assert.True(snapshot.AppSettings[setting].Length == 0, $"{setting} is '{snapshot.AppSettings[setting]}' with the feature off.");
        }

        Assert.Empty(snapshot.Diagnostics);
    }

    [Fact]
    public void With_the_features_on_each_secret_holds_its_value_and_its_setting_references_it()
    {
        var snapshot = snapshots[DeploymentSnapshots.FeaturesOn];
        var parameters = DeploymentSnapshots.ParametersOf(DeploymentSnapshots.FeaturesOn);

        foreach (var (secret, (setting, parameter)) in OptionalSecrets)
        {
            Assert.Equal(parameters[parameter], snapshot.Secrets[secret]);
            AssertReferences(snapshot.AppSettings[setting], secret);
        }

        Assert.Equal(parameters["facadeAppId"], snapshot.AppSettings["Facade__AppId"]);
        Assert.Equal(parameters["callbackSourceUrl"], snapshot.AppSettings["Callback__SourceUrl"]);
        Assert.Empty(snapshot.Diagnostics);
    }

    [Fact]
    public void Quick_approval_with_plain_callbacks_creates_no_key_secret_and_leaves_the_key_empty()
    {
        var snapshot = snapshots[DeploymentSnapshots.PlainCallbacks];

        Assert.DoesNotContain("callback-key", snapshot.Secrets.Keys);
        Assert.DoesNotContain("facade-app-secret", snapshot.Secrets.Keys);
        Assert.Equal(string.Empty, snapshot.AppSettings["Callback__Key"]);
        AssertReferences(snapshot.AppSettings["Callback__Token"], "callback-token");
        AssertReferences(snapshot.AppSettings["Callback__SourceSecret"], "callback-source-secret");
    }

    [Theory]
    [InlineData(DeploymentSnapshots.FeaturesOff)]
    [InlineData(DeploymentSnapshots.FeaturesOn)]
    [InlineData(DeploymentSnapshots.PlainCallbacks)]
    public void No_deployment_creates_an_empty_secret_and_the_required_ones_are_always_references(string scenario)
    {
        var snapshot = snapshots[scenario];

        Assert.All(snapshot.Secrets, secret => Assert.False(string.IsNullOrEmpty(secret.Value), $"Secret '{secret.Key}' is empty."));
        AssertReferences(snapshot.AppSettings["Feishu__AppSecret"], "feishu-app-secret");
        AssertReferences(snapshot.AppSettings["Ingest__WebhookSecrets"], "ingest-webhook-secrets");
    }

    /// <summary>The setting resolves, at deployment, to a Key Vault reference to the secret's URI.</summary>
    private static void AssertReferences(string setting, string secret)
    {
        Assert.Contains("'@Microsoft.KeyVault(SecretUri={0})'", setting, StringComparison.Ordinal);
        Assert.Contains("/providers/Microsoft.KeyVault/vaults/", setting, StringComparison.Ordinal);
        Assert.Contains($"/secrets/{secret}', ", setting, StringComparison.Ordinal);
        Assert.Contains(").secretUri", setting, StringComparison.Ordinal);
    }
}
