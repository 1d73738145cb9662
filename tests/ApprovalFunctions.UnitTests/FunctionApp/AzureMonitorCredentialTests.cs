using ApprovalFunctions.Core.DependencyInjection;
using ApprovalFunctions.FunctionApp.Telemetry;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.UnitTests.FunctionApp;

public sealed class AzureMonitorCredentialTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void No_authentication_string_means_no_credential(string? setting) =>
        Assert.Null(AzureMonitorCredential.From(setting));

    [Theory]
    [InlineData("ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD")]
    [InlineData("Authorization=AAD; ClientId=11111111-2222-3333-4444-555555555555")]
    [InlineData("Authorization=AAD")]
    public void Entra_authorization_sends_with_a_managed_identity(string setting) =>
        Assert.IsType<ManagedIdentityCredential>(AzureMonitorCredential.From(setting));

    [Theory]
    [InlineData("ClientId=11111111-2222-3333-4444-555555555555", "Authorization=AAD")]
    [InlineData("Authorization=Key", "Authorization=AAD")]
    [InlineData("Authorization=AAD;Secret=x", "'Secret'")]
    public void A_malformed_authentication_string_fails_start_up_in_one_line_naming_the_setting(string setting, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => AzureMonitorCredential.From(setting));

        var line = StartupFailure.Describe(error);
        Assert.NotNull(line);
        Assert.Contains(AzureMonitorCredential.AuthenticationStringSetting, line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
