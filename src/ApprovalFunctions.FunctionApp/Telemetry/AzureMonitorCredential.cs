using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.FunctionApp.Telemetry;

/// <summary>
/// Reads <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>Authorization=AAD</c>, optionally <c>ClientId=…</c>) into
/// the credential the Azure Monitor exporter sends telemetry with. The Functions host reads that setting itself, but
/// the worker's exporter does not; our component has local authentication disabled, so without a credential every
/// export from the worker would be refused.
/// </summary>
public static class AzureMonitorCredential
{
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// Null when the setting is empty (the connection string's key is used); a managed identity (user-assigned when
    /// <c>ClientId</c> is given, else system-assigned) when it says <c>Authorization=AAD</c>.
    /// </summary>
    public static TokenCredential? From(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        string? authorization = null;
        string? clientId = null;
        foreach (var part in authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            var key = separator < 0 ? part : part[..separator].Trim();
            var value = separator < 0 ? string.Empty : part[(separator + 1)..].Trim();
            if (key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                authorization = value;
            }
            else if (key.Equals("ClientId", StringComparison.OrdinalIgnoreCase))
            {
                clientId = value;
            }
            else
            {
                throw Invalid($"it holds '{key}', which is neither Authorization nor ClientId.");
            }
        }

        if (!string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid("it must say Authorization=AAD (optionally with ClientId=<managed identity client id>).");
        }

        return string.IsNullOrEmpty(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    }

    // An options failure, so that Program's start-up catch prints it as one line naming the setting.
    private static OptionsValidationException Invalid(string problem) =>
        new(AuthenticationStringSetting, typeof(AzureMonitorExporterOptions), [$"{AuthenticationStringSetting} is not valid: {problem}"]);
}
