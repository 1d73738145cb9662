using System.Text.Json.Nodes;
using Infrastructure.Tests.Arm;

namespace Infrastructure.Tests.Rules;

/// <summary>Flex Consumption, .NET 10 isolated, one user-assigned identity for deployment, secrets and everything else.</summary>
public static class FunctionAppRules
{
    public static IReadOnlyList<string> IsFlexConsumptionWithIdentity(ArmTemplate template)
    {
        var problems = new List<string>();
        var plans = template.OfType("Microsoft.Web/serverfarms").ToList();
        if (plans.Count != 1)
        {
            problems.Add($"Expected one Microsoft.Web/serverfarms plan, found {plans.Count}.");
        }

        foreach (var plan in plans)
        {
            SecurityRules.Expect(plan, "sku.name", "FC1", problems);
            SecurityRules.Expect(plan, "sku.tier", "FlexConsumption", problems);
            SecurityRules.Expect(plan, "properties.reserved", true, problems);
        }

        if (FunctionAppSite.Find(template, problems)?.Resource is not { } site)
        {
            return problems;
        }

        if (site.StringAt("kind") is not { } kind || !kind.Contains("functionapp", StringComparison.Ordinal) || !kind.Contains("linux", StringComparison.Ordinal))
        {
            problems.Add($"The site's kind must be 'functionapp,linux', is '{site.StringAt("kind")}'.");
        }

        SecurityRules.Expect(site, "properties.httpsOnly", true, problems);
        SecurityRules.Expect(site, "properties.siteConfig.minTlsVersion", "1.2", problems);
        SecurityRules.Expect(site, "properties.siteConfig.ftpsState", "Disabled", problems);
        SecurityRules.Expect(site, "properties.functionAppConfig.runtime.name", "dotnet-isolated", problems);
        SecurityRules.Expect(site, "properties.functionAppConfig.runtime.version", "10.0", problems);
        SecurityRules.Expect(site, "properties.functionAppConfig.deployment.storage.type", "blobContainer", problems);
        SecurityRules.Expect(site, "properties.functionAppConfig.deployment.storage.authentication.type", "UserAssignedIdentity", problems);
        SecurityRules.Expect(site, "identity.type", "UserAssigned", problems);
        foreach (var path in new[] { "properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount", "properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB" })
        {
            if (site.At(path) is null)
            {
                problems.Add($"The function app must set {path}.");
            }
        }

        // One identity for everything: the deployment package, Key Vault references and the app's identity.
        var identity = site.StringAt("properties.functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId");
        var keyVaultIdentity = site.StringAt("properties.keyVaultReferenceIdentity");
        if (string.IsNullOrEmpty(identity) || identity != keyVaultIdentity)
        {
            problems.Add($"keyVaultReferenceIdentity ('{keyVaultIdentity}') must be the user-assigned identity the deployment storage uses ('{identity}').");
        }

        var assigned = (site.At("identity.userAssignedIdentities") as JsonObject)?.Select(p => p.Key).ToList() ?? [];
        if (identity is null || !assigned.Any(key => key == identity || key.Contains(Unwrap(identity), StringComparison.Ordinal)))
        {
            problems.Add("The user-assigned identity used for deployment and Key Vault is not assigned to the site.");
        }

        problems.AddRange(BasicPublishingCredentialsAreOff(template));
        problems.AddRange(TagsForAzd(template, site));
        return problems;
    }

    private static IEnumerable<string> BasicPublishingCredentialsAreOff(ArmTemplate template)
    {
        var policies = template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        foreach (var kind in new[] { "ftp", "scm" })
        {
            var policy = policies.FirstOrDefault(p => p.LeafNames().Contains(kind));
            if (policy?.At("properties.allow") is not JsonValue allow || !allow.TryGetValue<bool>(out var allowed) || allowed)
            {
                yield return $"Basic publishing credentials for '{kind}' must be disabled (basicPublishingCredentialsPolicies '{kind}' allow: false).";
            }
        }
    }

    private static IEnumerable<string> TagsForAzd(ArmTemplate template, ArmResource site)
    {
        var siteTags = ArmText.Of(site.At("tags"));
        var serviceName = site.Template["parameters"]?["serviceName"]?["defaultValue"]?.GetValue<string>();
        var tagsService = siteTags.Contains("azd-service-name", StringComparison.Ordinal)
            && (siteTags.Contains("'api'", StringComparison.Ordinal) || siteTags.Contains("\"api\"", StringComparison.Ordinal)
                || (siteTags.Contains("parameters('serviceName')", StringComparison.Ordinal) && serviceName == "api" && site.ModuleArgument("serviceName") is null));
        if (!tagsService)
        {
            yield return $"The function app must be tagged azd-service-name: api (azure.yaml's service), tags are {siteTags}.";
        }

        if (!ArmText.Of(template.Root).Contains("azd-env-name", StringComparison.Ordinal)
            || template.OfType("Microsoft.Resources/resourceGroups").All(rg => rg.At("tags") is null))
        {
            yield return "The resource group must be tagged azd-env-name.";
        }
    }

    private static string Unwrap(string expression) => expression.TrimStart('[').TrimEnd(']');
}
