using System.Text.Json.Nodes;
using Infrastructure.Tests.Arm;

namespace Infrastructure.Tests.Rules;

/// <summary>No keys: nothing in the template reads or builds a storage key, SAS or connection string.</summary>
public static class SecurityRules
{
    private static readonly string[] ForbiddenFragments =
    [
        "listKeys(",
        "listAccountSas(",
        "listServiceSas(",
        "listConnectionStrings(",
        "AccountKey=",
        "SharedAccessSignature=",
        "DefaultEndpointsProtocol=",
        "UseDevelopmentStorage",
    ];

    public static IReadOnlyList<string> NoKeysOrConnectionStrings(string armJson) =>
    [
        .. ForbiddenFragments
            .Where(fragment => armJson.Contains(fragment, StringComparison.OrdinalIgnoreCase))
            .Select(fragment => $"The template contains '{fragment}': storage must be reached with the managed identity, never a key."),
    ];

    public static IReadOnlyList<string> StorageAccountsAreLockedDown(ArmTemplate template)
    {
        var problems = new List<string>();
        var accounts = template.OfType("Microsoft.Storage/storageAccounts").ToList();
        if (accounts.Count == 0)
        {
            problems.Add("The template creates no storage account.");
        }

        foreach (var account in accounts)
        {
            Expect(account, "properties.allowSharedKeyAccess", false, problems);
            Expect(account, "properties.allowBlobPublicAccess", false, problems);
            Expect(account, "properties.supportsHttpsTrafficOnly", true, problems);
            Expect(account, "properties.minimumTlsVersion", "TLS1_2", problems);
        }

        return problems;
    }

    public static IReadOnlyList<string> KeyVaultUsesRbac(ArmTemplate template)
    {
        var problems = new List<string>();
        var vaults = template.OfType("Microsoft.KeyVault/vaults").ToList();
        if (vaults.Count != 1)
        {
            problems.Add($"Expected one Key Vault, found {vaults.Count}.");
        }

        foreach (var vault in vaults)
        {
            Expect(vault, "properties.enableRbacAuthorization", true, problems);
            if (vault.At("properties.accessPolicies") is JsonArray { Count: > 0 })
            {
                problems.Add("The Key Vault has access policies; access is granted through RBAC only.");
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> ApplicationInsightsRequiresEntra(ArmTemplate template)
    {
        var problems = new List<string>();
        var components = template.OfType("Microsoft.Insights/components").ToList();
        if (components.Count != 1)
        {
            problems.Add($"Expected one Application Insights component, found {components.Count}.");
        }

        foreach (var component in components)
        {
            Expect(component, "properties.DisableLocalAuth", true, problems);
            if (string.IsNullOrEmpty(component.StringAt("properties.WorkspaceResourceId")))
            {
                problems.Add("Application Insights is not workspace-based (properties.WorkspaceResourceId).");
            }
        }

        if (!template.OfType("Microsoft.OperationalInsights/workspaces").Any())
        {
            problems.Add("The template creates no Log Analytics workspace.");
        }

        return problems;
    }

    /// <summary>Secret inputs are secure parameters, and no output carries one.</summary>
    public static IReadOnlyList<string> SecretsStayInSecureParameters(ArmTemplate template, IEnumerable<string> secretParameters)
    {
        var problems = new List<string>();
        var parameters = template.Root["parameters"] as JsonObject;
        foreach (var name in secretParameters)
        {
            var type = parameters?[name]?["type"]?.GetValue<string>();
            if (!string.Equals(type, "securestring", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"Parameter '{name}' must be @secure() (type securestring), is '{type ?? "missing"}'.");
            }
        }

        foreach (var (name, output) in template.Root["outputs"] as JsonObject ?? [])
        {
            var value = ArmText.Of(output?["value"]);
            if (secretParameters.Any(secret => value.Contains($"parameters('{secret}')", StringComparison.Ordinal)))
            {
                problems.Add($"Output '{name}' exposes a secret parameter.");
            }
        }

        return problems;
    }

    internal static void Expect<T>(ArmResource resource, string path, T expected, List<string> problems)
    {
        var actual = resource.At(path);
        var matches = actual is JsonValue value && value.TryGetValue<T>(out var typed) && EqualityComparer<T>.Default.Equals(typed, expected);
        if (!matches)
        {
            problems.Add($"{resource.Type} '{resource.Name}': {path} must be {Format(expected)}, is {(actual is null ? "missing" : ArmText.Of(actual))}.");
        }
    }

    private static string Format<T>(T value) => value is bool b ? (b ? "true" : "false") : $"'{value}'";
}
