using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Infrastructure.Tests.Arm;

namespace Infrastructure.Tests.Rules;

/// <summary>The app's identity holds exactly the data-plane roles it needs, each on its own resource.</summary>
public static partial class RoleAssignmentRules
{
    public static readonly IReadOnlyList<ExpectedRole> Expected =
    [
        new("Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts"),
        new("Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts"),
        new("Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts"),
        new("Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components"),
        new("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults"),
    ];

    public static IReadOnlyList<string> IdentityHoldsAppRoles(ArmTemplate template)
    {
        var problems = new List<string>();
        var assignments = template.OfType("Microsoft.Authorization/roleAssignments").ToList();
        foreach (var role in Expected)
        {
            var matching = assignments.Where(a => RoleIdOf(a).Contains(role.RoleDefinitionId, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matching.Count != 1)
            {
                problems.Add($"Expected one '{role.Name}' ({role.RoleDefinitionId}) assignment, found {matching.Count}.");
                continue;
            }

            var assignment = matching[0];
            var scope = assignment.StringAt("scope") ?? string.Empty;
            if (!scope.Contains($"'{role.ScopeType}'", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"'{role.Name}' must be scoped to the {role.ScopeType} resource, is scoped to '{scope}'.");
            }

            if (assignment.StringAt("properties.principalType") != "ServicePrincipal")
            {
                problems.Add($"'{role.Name}' must have principalType ServicePrincipal (a managed identity).");
            }

            var principal = assignment.StringAt("properties.principalId") ?? string.Empty;
            if (!principal.Contains("'Microsoft.ManagedIdentity/userAssignedIdentities'", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"'{role.Name}' must be granted to the user-assigned identity, is granted to '{principal}'.");
            }
        }

        return problems;
    }

    /// <summary>
    /// The role definition id: the expression itself, or the id it takes from a template variable
    /// (<c>subscriptionResourceId('...roleDefinitions', variables('roles').keyVaultSecretsUser)</c>).
    /// </summary>
    private static string RoleIdOf(ArmResource assignment)
    {
        var expression = assignment.StringAt("properties.roleDefinitionId") ?? string.Empty;
        var match = VariableReference().Match(expression);
        if (!match.Success)
        {
            return expression;
        }

        var variable = assignment.Template["variables"]?[match.Groups["name"].Value];
        if (match.Groups["member"].Success)
        {
            variable = variable?[match.Groups["member"].Value];
        }

        return variable is JsonValue value && value.TryGetValue<string>(out var id) ? id : string.Empty;
    }

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)(\.(?<member>\w+))?")]
    private static partial Regex VariableReference();
}

public sealed record ExpectedRole(string Name, string RoleDefinitionId, string ScopeType);
