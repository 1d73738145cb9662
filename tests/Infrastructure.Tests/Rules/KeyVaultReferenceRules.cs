using System.Text.RegularExpressions;
using Infrastructure.Tests.Arm;

namespace Infrastructure.Tests.Rules;

/// <summary>
/// Secret app settings are Key Vault references whose URI is the <c>secretUri</c> of a Key Vault secret
/// created from a secure parameter, followed through the module that passes it. An optional feature's setting may be
/// the conditional form <c>empty(uri) ? '' : '@Microsoft.KeyVault(SecretUri=${uri})'</c>, whose URI is '' exactly when
/// its secret is not created; never a plain literal.
/// </summary>
public static partial class KeyVaultReferenceRules
{
    public static readonly IReadOnlyList<string> SecretSettings =
        ["Feishu__AppSecret", "Ingest__WebhookSecrets", "Facade__AppSecret", "Callback__Token", "Callback__Key", "Callback__SourceSecret"];

    public static IReadOnlyList<string> SecretsAreKeyVaultReferences(ArmTemplate template, IEnumerable<string> settingNames)
    {
        var problems = new List<string>();
        if (FunctionAppSite.Find(template, problems) is not { } site)
        {
            return problems;
        }

        foreach (var name in settingNames)
        {
            if (!site.AppSettings.TryGetValue(name, out var value))
            {
                problems.Add($"App setting '{name}' is not set.");
            }
            else if (Trace(template, site.Resource, value) is { } problem)
            {
                problems.Add($"App setting '{name}': {problem}");
            }
        }

        return problems;
    }

    /// <returns>Why the value is not a proper Key Vault reference, or null when it is.</returns>
    private static string? Trace(ArmTemplate template, ArmResource site, string value)
    {
        var reference = KeyVaultReference().Match(value) is { Success: true } plain ? plain : ConditionalKeyVaultReference().Match(value);
        if (!reference.Success)
        {
            return $"must be '@Microsoft.KeyVault(SecretUri=<secret uri>)' built from a parameter (or '' when that parameter is empty), is '{value}'.";
        }

        var argument = site.ModuleArgument(reference.Groups["parameter"].Value);
        var output = ModuleOutput().Match(argument ?? string.Empty);
        if (site.Deployment is null || !output.Success)
        {
            return $"the secret URI parameter must come from a Key Vault module's output, comes from '{argument}'.";
        }

        var vaultModule = template.Deployment(site.Deployment.Template, output.Groups["module"].Value);
        var outputValue = vaultModule?.Node["properties"]?["template"]?["outputs"]?[output.Groups["output"].Value]?["value"]?.GetValue<string>();
        var secretUri = SecretUri().Match(outputValue ?? string.Empty) is { Success: true } always ? always : ConditionalSecretUri().Match(outputValue ?? string.Empty);
        if (vaultModule is null || !secretUri.Success)
        {
            return $"module output '{output.Groups["output"].Value}' must be the secretUri of a Microsoft.KeyVault/vaults/secrets resource (or '' when it is not created), is '{outputValue}'.";
        }

        var secretName = secretUri.Groups["secret"].Value;
        var secret = template.OfType("Microsoft.KeyVault/vaults/secrets")
            .FirstOrDefault(s => s.Deployment == vaultModule && s.LeafNames().Contains(secretName));
        if (secret is null)
        {
            return $"Key Vault secret '{secretName}' is not created by module '{vaultModule.Name}'.";
        }

        var condition = secret.StringAt("condition");
        var flag = secretUri.Groups["flag"];
        if (condition is not null && (!flag.Success || condition != $"[parameters('{flag.Value}')]"))
        {
            return $"Key Vault secret '{secretName}' is created only if {condition}, but module output '{output.Groups["output"].Value}' does not follow that condition: the reference would name a secret that does not exist.";
        }

        if (condition is not null && KeyVaultReference().IsMatch(value))
        {
            return $"Key Vault secret '{secretName}' is optional, so the setting must be '' when it is not created, not '@Microsoft.KeyVault(SecretUri=)'.";
        }

        return SecureAllTheWayUp(secret, secret.StringAt("properties.value") ?? string.Empty);
    }

    /// <summary>The secret's value is a secure parameter at every level up to the deployment's input.</summary>
    private static string? SecureAllTheWayUp(ArmResource resource, string value)
    {
        var holder = resource;
        while (true)
        {
            var parameter = ParameterReference().Match(value);
            if (!parameter.Success)
            {
                return $"the secret's value must come from a @secure() parameter, comes from '{value}'.";
            }

            var name = parameter.Groups["name"].Value;
            if (!string.Equals(holder.ParameterType(name), "securestring", StringComparison.OrdinalIgnoreCase))
            {
                return $"parameter '{name}' that carries the secret must be @secure().";
            }

            if (holder.Deployment is null)
            {
                return null;
            }

            value = holder.ModuleArgument(name) ?? string.Empty;
            holder = holder.Deployment;
        }
    }

    [GeneratedRegex(@"^\[format\('@Microsoft\.KeyVault\(SecretUri=\{0\}\)', parameters\('(?<parameter>[^']+)'\)\)\]$")]
    private static partial Regex KeyVaultReference();

    [GeneratedRegex(@"^\[if\(empty\(parameters\('(?<parameter>[^']+)'\)\), '', format\('@Microsoft\.KeyVault\(SecretUri=\{0\}\)', parameters\('\k<parameter>'\)\)\)\]$")]
    private static partial Regex ConditionalKeyVaultReference();

    [GeneratedRegex(@"'Microsoft\.Resources/deployments', '(?<module>[^']+)'\).*\.outputs\.(?<output>\w+)\.value\]$")]
    private static partial Regex ModuleOutput();

    [GeneratedRegex(@"^\[reference\(resourceId\('Microsoft\.KeyVault/vaults/secrets', [^,]+, '(?<secret>[^']+)'\), '[^']+'\)\.secretUri\]$")]
    private static partial Regex SecretUri();

    [GeneratedRegex(@"^\[if\(parameters\('(?<flag>[^']+)'\), reference\(resourceId\('Microsoft\.KeyVault/vaults/secrets', [^,]+, '(?<secret>[^']+)'\), '[^']+'\)\.secretUri, ''\)\]$")]
    private static partial Regex ConditionalSecretUri();

    [GeneratedRegex(@"^\[parameters\('(?<name>[^']+)'\)\]$")]
    private static partial Regex ParameterReference();
}
