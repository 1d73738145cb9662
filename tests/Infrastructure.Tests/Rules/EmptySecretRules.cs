using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Infrastructure.Tests.Arm;

namespace Infrastructure.Tests.Rules;

/// <summary>
/// No Key Vault secret is created with an empty value (Key Vault refuses one, and a reference to it does not resolve):
/// each secret either comes from a parameter that cannot be empty (<c>@minLength(1)</c> at the deployment's input), or
/// is created only when its value is given: a condition <c>not(empty(value))</c>, directly or as a flag parameter its
/// module's caller sets to exactly that.
/// </summary>
public static partial class EmptySecretRules
{
    public static IReadOnlyList<string> NoSecretIsCreatedEmpty(ArmTemplate template)
    {
        var problems = new List<string>();
        foreach (var secret in template.OfType("Microsoft.KeyVault/vaults/secrets"))
        {
            var name = secret.LeafNames().FirstOrDefault() ?? secret.Name;
            var value = secret.StringAt("properties.value") ?? string.Empty;
            var condition = secret.StringAt("condition");
            if (condition is null && !NeverEmpty(secret, value))
            {
                problems.Add($"Key Vault secret '{name}' may be created with an empty value: its parameter accepts ''. Create it only when given (if (!empty(...))) or require a value (@minLength(1)).");
            }
            else if (condition is not null && !GuardsItsValue(secret, condition, value))
            {
                problems.Add($"Key Vault secret '{name}' is created if {condition}, which does not ensure that its value is not empty.");
            }
        }

        return problems;
    }

    /// <summary>The value is a parameter, passed as a parameter up to the deployment's input, where it has a minimum length.</summary>
    private static bool NeverEmpty(ArmResource resource, string value)
    {
        var holder = resource;
        while (ParameterReference().Match(value) is { Success: true } parameter)
        {
            var name = parameter.Groups["name"].Value;
            if (holder.Deployment is null)
            {
                return holder.Template["parameters"]?[name]?["minLength"] is JsonValue minimum && minimum.TryGetValue<int>(out var length) && length >= 1;
            }

            value = holder.ModuleArgument(name) ?? string.Empty;
            holder = holder.Deployment;
        }

        return false;
    }

    private static bool GuardsItsValue(ArmResource secret, string condition, string value)
    {
        if (ParameterReference().Match(value) is not { Success: true } valueParameter)
        {
            return false;
        }

        var valueName = valueParameter.Groups["name"].Value;
        if (condition == $"[not(empty(parameters('{valueName}')))]")
        {
            return true;
        }

        if (ParameterReference().Match(condition) is not { Success: true } flag || secret.ModuleArgument(valueName) is not { Length: > 2 } passedValue)
        {
            return false;
        }

        return secret.ModuleArgument(flag.Groups["name"].Value) == $"[not(empty({passedValue[1..^1]}))]";
    }

    [GeneratedRegex(@"^\[parameters\('(?<name>[^']+)'\)\]$")]
    private static partial Regex ParameterReference();
}
