using System.Text.Json.Nodes;
using Infrastructure.Tests.Arm;

namespace Infrastructure.Tests.Rules;

/// <summary>The one function app of a template and its app settings (name → value or ARM expression).</summary>
public sealed class FunctionAppSite
{
    private FunctionAppSite(ArmResource resource, IReadOnlyDictionary<string, string> appSettings)
    {
        Resource = resource;
        AppSettings = appSettings;
    }

    public ArmResource Resource { get; }

    public IReadOnlyDictionary<string, string> AppSettings { get; }

    public static FunctionAppSite? Find(ArmTemplate template, List<string> problems)
    {
        var sites = template.OfType("Microsoft.Web/sites").ToList();
        if (sites.Count != 1)
        {
            problems.Add($"Expected exactly one Microsoft.Web/sites resource, found {sites.Count}.");
            return null;
        }

        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (sites[0].At("properties.siteConfig.appSettings") is not JsonArray list)
        {
            problems.Add("The function app has no literal properties.siteConfig.appSettings array.");
            return new FunctionAppSite(sites[0], settings);
        }

        foreach (var item in list.OfType<JsonObject>())
        {
            var name = item["name"]?.GetValue<string>() ?? string.Empty;
            var value = ArmText.Of(item["value"]);
            if (!settings.TryAdd(name, value))
            {
                problems.Add($"App setting '{name}' is set twice (names are case-insensitive).");
            }
        }

        return new FunctionAppSite(sites[0], settings);
    }
}
