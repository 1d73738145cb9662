using Infrastructure.Tests.Arm;

namespace Infrastructure.Tests.Rules;

/// <summary>
/// Feishu must reach <c>POST /api/feishu/actions</c> (anonymous at the Functions level; the callback token authenticates it):
/// the site takes public traffic, restricts no IPs by default, and tells the definition endpoint its public https URL.
/// </summary>
public static class QuickApprovalRules
{
    public static IReadOnlyList<string> CallbackIsReachable(ArmTemplate template)
    {
        var problems = new List<string>();
        if (FunctionAppSite.Find(template, problems) is not { } site)
        {
            return problems;
        }

        SecurityRules.Expect(site.Resource, "properties.publicNetworkAccess", "Enabled", problems);
        if (site.Resource.StringAt("properties.siteConfig.ipSecurityRestrictionsDefaultAction") is "Deny")
        {
            problems.Add("The site denies unlisted IPs by default: Feishu's callback would never arrive.");
        }

        if (!site.AppSettings.TryGetValue("Callback__PublicBaseUrl", out var baseUrl))
        {
            problems.Add("App setting 'Callback__PublicBaseUrl' is not set: the definition endpoint would guess the callback URL from the request.");
        }
        else if (!baseUrl.Contains("https://", StringComparison.Ordinal))
        {
            problems.Add($"App setting 'Callback__PublicBaseUrl' must default to the site's https URL, is '{baseUrl}'.");
        }

        foreach (var name in new[] { "Callback__SourceUrl", "Callback__Token", "Callback__SourceSecret" })
        {
            if (!site.AppSettings.ContainsKey(name))
            {
                problems.Add($"App setting '{name}' is not set: quick approval cannot be switched on without a redeploy.");
            }
        }

        return problems;
    }
}
