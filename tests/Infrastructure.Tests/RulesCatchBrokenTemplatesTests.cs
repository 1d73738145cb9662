using System.Text.Json.Nodes;
using ApprovalFunctions.Core.Storage;
using Infrastructure.Tests.AppSettings;
using Infrastructure.Tests.Arm;
using Infrastructure.Tests.Bicep;
using Infrastructure.Tests.Rules;

namespace Infrastructure.Tests;

/// <summary>Each rule rejects the compiled template once one thing in it is broken: the checks can fail.</summary>
[Collection(CompiledInfrastructureCollection.Name)]
public sealed class RulesCatchBrokenTemplatesTests(CompiledInfrastructure infrastructure)
{
    private const string OptionalTokenSetting =
        "\"value\": \"[if(empty(parameters('callbackTokenUri')), '', format('@Microsoft.KeyVault(SecretUri={0})', parameters('callbackTokenUri')))]\"";

    [Theory]
    [InlineData("\"allowSharedKeyAccess\": false", "\"allowSharedKeyAccess\": true", "storage", "allowSharedKeyAccess must be false")]
    [InlineData("\"minimumTlsVersion\": \"TLS1_2\"", "\"minimumTlsVersion\": \"TLS1_0\"", "storage", "minimumTlsVersion must be 'TLS1_2'")]
    [InlineData("\"value\": \"managedidentity\"", "\"value\": \"[format('DefaultEndpointsProtocol=https;AccountName=x;AccountKey={0}', listKeys('x', '2025-01-01').keys[0].value)]\"", "keys", "listKeys(")]
    [InlineData("\"value\": \"managedidentity\"", "\"value\": \"secret\"", "identity", "AzureWebJobsStorage__credential' must be 'managedidentity'")]
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6", "acdd72a7-3385-48ef-bd42-f606fba81ae7", "roles", "'Key Vault Secrets User'")]
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb", "43d0d8ad-25c7-4714-9337-8ba259a9fe05", "roles", "'Monitoring Metrics Publisher'")]
    [InlineData("\"principalType\": \"ServicePrincipal\"", "\"principalType\": \"User\"", "roles", "principalType ServicePrincipal")]
    [InlineData("\"version\": \"10.0\"", "\"version\": \"8.0\"", "flex", "runtime.version must be '10.0'")]
    [InlineData("\"name\": \"FC1\"", "\"name\": \"Y1\"", "flex", "sku.name must be 'FC1'")]
    [InlineData("\"minTlsVersion\": \"1.2\"", "\"minTlsVersion\": \"1.0\"", "flex", "minTlsVersion must be '1.2'")]
    [InlineData("\"keyVaultReferenceIdentity\": \"[parameters('identityResourceId')]\"", "\"keyVaultReferenceIdentity\": \"SystemAssigned\"", "flex", "keyVaultReferenceIdentity")]
    [InlineData("\"allow\": false", "\"allow\": true", "flex", "Basic publishing credentials for 'ftp' must be disabled")]
    [InlineData("\"defaultValue\": \"api\"", "\"defaultValue\": \"web\"", "flex", "must be tagged azd-service-name: api")]
    [InlineData("\"name\": \"Feishu__AppId\"", "\"name\": \"Feishu__ApplicationId\"", "settings", "Required setting 'Feishu__AppId'")]
    [InlineData("\"name\": \"Feishu__AppId\"", "\"name\": \"Feishu__ApplicationId\"", "settings", "'Feishu__ApplicationId' matches no options property")]
    [InlineData("\"name\": \"ReconcileSchedule\"", "\"name\": \"ReconcileCron\"", "settings", "'ReconcileSchedule' is not set")]
    [InlineData("\"name\": \"AZURE_CLIENT_ID\"", "\"name\": \"FUNCTIONS_WORKER_RUNTIME\"", "settings", "'FUNCTIONS_WORKER_RUNTIME' must not be set")]
    [InlineData("\"value\": \"[string(parameters('maximumInstanceCount'))]\"", "\"value\": \"1\"", "identity", "Feishu__RateLimit__MaxHostCount' must be the maximum instance count")]
    [InlineData("\"value\": \"[format('@Microsoft.KeyVault(SecretUri={0})', parameters('feishuAppSecretUri'))]\"", "\"value\": \"[parameters('feishuAppSecretUri')]\"", "keyvault", "'Feishu__AppSecret': must be '@Microsoft.KeyVault")]
    [InlineData("\"value\": \"[parameters('webhookSecrets')]\"", "\"value\": \"whsec_literal\"", "keyvault", "'Ingest__WebhookSecrets': the secret's value must come from a @secure() parameter")]
    [InlineData("\"enableRbacAuthorization\": true", "\"enableRbacAuthorization\": false", "vault", "enableRbacAuthorization must be true")]
    [InlineData("\"DisableLocalAuth\": true", "\"DisableLocalAuth\": false", "insights", "DisableLocalAuth must be true")]
    [InlineData("\"value\": \"[tenant().tenantId]\"", "\"value\": \"[parameters('feishuAppSecret')]\"", "secrets", "Output 'AZURE_TENANT_ID' exposes a secret parameter")]
    [InlineData("\"syncissues\",", "", "tables", "table 'syncissues'")]
    [InlineData("\"quickactions\"", "\"quickactions2\"", "tables", "table 'quickactions'")]
    [InlineData(OptionalTokenSetting, "\"value\": \"[parameters('callbackTokenUri')]\"", "keyvault", "'Callback__Token': must be '@Microsoft.KeyVault")]
    [InlineData(OptionalTokenSetting, "\"value\": \"callback-token-literal\"", "keyvault", "'Callback__Token': must be '@Microsoft.KeyVault")]
    [InlineData(OptionalTokenSetting, "\"value\": \"[if(empty(parameters('callbackTokenUri')), '', 'callback-token-literal')]\"", "keyvault", "'Callback__Token': must be '@Microsoft.KeyVault")]
    [InlineData(OptionalTokenSetting, "\"value\": \"[format('@Microsoft.KeyVault(SecretUri={0})', parameters('callbackTokenUri'))]\"", "keyvault", "'Callback__Token': Key Vault secret 'callback-token' is optional, so the setting must be ''")]
    [InlineData("\"condition\": \"[parameters('createCallbackToken')]\",", "", "emptysecrets", "Key Vault secret 'callback-token' may be created with an empty value")]
    [InlineData("\"value\": \"[not(empty(parameters('callbackToken')))]\"", "\"value\": true", "emptysecrets", "Key Vault secret 'callback-token' is created if [parameters('createCallbackToken')], which does not ensure")]
    [InlineData("\"value\": \"[not(empty(parameters('facadeAppSecret')))]\"", "\"value\": \"[not(empty(parameters('facadeAppId')))]\"", "emptysecrets", "Key Vault secret 'facade-app-secret' is created if")]
    [InlineData("\"condition\": \"[parameters('createCallbackKey')]\",", "\"condition\": \"[parameters('createCallbackToken')]\",", "keyvault", "'Callback__Key': Key Vault secret 'callback-key' is created only if [parameters('createCallbackToken')], but module output 'callbackKeyUri' does not follow that condition")]
    [InlineData("\"value\": \"[parameters('callbackSourceSecret')]\"", "\"value\": \"whsec_literal\"", "keyvault", "'Callback__SourceSecret': the secret's value must come from a @secure() parameter")]
    [InlineData("\"publicNetworkAccess\": \"Enabled\",\n                \"keyVaultReferenceIdentity\"", "\"publicNetworkAccess\": \"Disabled\",\n                \"keyVaultReferenceIdentity\"", "callback", "publicNetworkAccess must be 'Enabled'")]
    [InlineData("format('https://{0}.azurewebsites.net', parameters('name'))", "format('http://{0}.internal', parameters('name'))", "callback", "'Callback__PublicBaseUrl' must default to the site's https URL")]
    [InlineData("\"name\": \"Callback__SourceUrl\"", "\"name\": \"Callback__SourceUri\"", "callback", "'Callback__SourceUrl' is not set")]
    [InlineData("\"instance-sync-poison\"", "\"instance-sync-dead\"", "tables", "queue 'instance-sync-poison'")]
    public void A_broken_template_is_reported(string find, string replace, string rule, string expectedProblem)
    {
        var broken = Replace(infrastructure.ArmJson, find, replace);

        var problems = Check(rule, broken);

        Assert.Contains(problems, p => p.Contains(expectedProblem, StringComparison.Ordinal));
    }

    [Fact]
    public void A_secret_module_parameter_that_is_not_secure_is_reported()
    {
        var root = (JsonObject)JsonNode.Parse(infrastructure.ArmJson)!;
        var keyVault = ((JsonArray)root["resources"]!).OfType<JsonObject>().Single(r => r["name"]?.GetValue<string>() == "keyVault");
        keyVault["properties"]!["template"]!["parameters"]!["feishuAppSecret"]!["type"] = "string";

        var problems = KeyVaultReferenceRules.SecretsAreKeyVaultReferences(ArmTemplate.Parse(root.ToJsonString()), ["Feishu__AppSecret"]);

        Assert.Contains(problems, p => p.Contains("parameter 'feishuAppSecret' that carries the secret must be @secure()", StringComparison.Ordinal));
    }

    [Fact]
    public void A_required_secret_whose_parameter_accepts_empty_is_reported()
    {
        var root = (JsonObject)JsonNode.Parse(infrastructure.ArmJson)!;
        ((JsonObject)root["parameters"]!["webhookSecrets"]!).Remove("minLength");

        var problems = EmptySecretRules.NoSecretIsCreatedEmpty(ArmTemplate.Parse(root.ToJsonString()));

        Assert.Contains(problems, p => p.Contains("Key Vault secret 'ingest-webhook-secrets' may be created with an empty value", StringComparison.Ordinal));
    }

    [Fact]
    public void A_required_option_an_area_adds_is_reported_until_the_template_sets_it()
    {
        var catalog = OptionsSettingsCatalog.FromTypes([typeof(OptionsSettingsCatalogTests.SampleOptions)]);

        var problems = AppSettingsRules.CoverTheCode(infrastructure.Template, catalog);

        Assert.Contains(problems, p => p.Contains("Required setting 'Sample__Inner__Key'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Required setting 'Sample__Secrets'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_single_setting_for_a_collection_option_is_reported()
    {
        var catalog = OptionsSettingsCatalog.FromTypes([typeof(ListIngestOptions)]);

        var problems = AppSettingsRules.CoverTheCode(infrastructure.Template, catalog);

        Assert.Contains(problems, p => p.Contains("'Ingest__WebhookSecrets' targets the collection", StringComparison.Ordinal));
    }

    private static string Replace(string json, string find, string replace)
    {
        var first = json.IndexOf(find, StringComparison.Ordinal);
        Assert.True(first >= 0, $"The compiled template no longer contains {find}: update this test's mutation.");
        return string.Concat(json.AsSpan(0, first), replace, json.AsSpan(first + find.Length));
    }

    private static IReadOnlyList<string> Check(string rule, string json)
    {
        var template = ArmTemplate.Parse(json);
        return rule switch
        {
            "storage" => SecurityRules.StorageAccountsAreLockedDown(template),
            "keys" => SecurityRules.NoKeysOrConnectionStrings(json),
            "identity" => AppSettingsRules.UseTheIdentity(template),
            "roles" => RoleAssignmentRules.IdentityHoldsAppRoles(template),
            "flex" => FunctionAppRules.IsFlexConsumptionWithIdentity(template),
            "settings" => AppSettingsRules.CoverTheCode(template, FunctionAppTests.AppCatalog),
            "keyvault" => KeyVaultReferenceRules.SecretsAreKeyVaultReferences(template, KeyVaultReferenceRules.SecretSettings),
            "vault" => SecurityRules.KeyVaultUsesRbac(template),
            "insights" => SecurityRules.ApplicationInsightsRequiresEntra(template),
            "secrets" => SecurityRules.SecretsStayInSecureParameters(template, ["feishuAppSecret", "webhookSecrets"]),
            "callback" => QuickApprovalRules.CallbackIsReachable(template),
            "emptysecrets" => EmptySecretRules.NoSecretIsCreatedEmpty(template),
            "tables" => StorageRules.CreatesTablesAndQueues(template, StorageNames.Tables, StorageNames.Queues),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown rule."),
        };
    }

    public sealed class ListIngestOptions
    {
        public const string SectionName = "Ingest";

        public IReadOnlyList<string> WebhookSecrets { get; set; } = [];
    }
}
