using Infrastructure.Tests.Bicep;
using Infrastructure.Tests.Rules;

namespace Infrastructure.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class TemplateSecurityTests(CompiledInfrastructure infrastructure)
{
    [Fact]
    public void No_storage_key_SAS_or_connection_string_anywhere() =>
        Problems.AssertNone(SecurityRules.NoKeysOrConnectionStrings(infrastructure.ArmJson));

    [Fact]
    public void Storage_account_allows_no_shared_key_no_public_blobs_and_TLS_1_2_only() =>
        Problems.AssertNone(SecurityRules.StorageAccountsAreLockedDown(infrastructure.Template));

    [Fact]
    public void Key_Vault_uses_RBAC_authorization() =>
        Problems.AssertNone(SecurityRules.KeyVaultUsesRbac(infrastructure.Template));

    [Fact]
    public void Application_Insights_accepts_only_Entra_authenticated_telemetry() =>
        Problems.AssertNone(SecurityRules.ApplicationInsightsRequiresEntra(infrastructure.Template));

    [Fact]
    public void Secrets_are_secure_parameters_and_no_output_exposes_them() =>
        Problems.AssertNone(SecurityRules.SecretsStayInSecureParameters(infrastructure.Template, ["feishuAppSecret", "webhookSecrets", "facadeAppSecret", "callbackToken", "callbackKey", "callbackSourceSecret"]));

    [Fact]
    public void Identity_holds_the_storage_monitoring_and_Key_Vault_roles() =>
        Problems.AssertNone(RoleAssignmentRules.IdentityHoldsAppRoles(infrastructure.Template));

    [Fact]
    public void No_Key_Vault_secret_is_created_with_an_empty_value() =>
        Problems.AssertNone(EmptySecretRules.NoSecretIsCreatedEmpty(infrastructure.Template));

    [Fact]
    public void Secret_settings_are_Key_Vault_references_to_secrets_from_secure_parameters() =>
        Problems.AssertNone(KeyVaultReferenceRules.SecretsAreKeyVaultReferences(infrastructure.Template, KeyVaultReferenceRules.SecretSettings));
}
