using Infrastructure.Tests.AppSettings;
using Infrastructure.Tests.Arm;

namespace Infrastructure.Tests.Rules;

/// <summary>The function app sets every setting the code needs, in the shape configuration binding reads.</summary>
public static class AppSettingsRules
{
    /// <summary>Settings the code reads outside the options classes.</summary>
    public static readonly IReadOnlyList<string> FixedSettings =
    [
        "ReconcileSchedule",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    /// <summary>Settings Flex Consumption rejects or that would bring back keys.</summary>
    public static readonly IReadOnlyList<string> ForbiddenSettings =
    [
        "AzureWebJobsStorage",
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_CONTENTSHARE",
        "APPINSIGHTS_INSTRUMENTATIONKEY",
    ];

    public static IReadOnlyList<string> CoverTheCode(ArmTemplate template, OptionsSettingsCatalog catalog)
    {
        var problems = new List<string>();
        if (FunctionAppSite.Find(template, problems) is not { } site)
        {
            return problems;
        }

        var settings = site.AppSettings;
        foreach (var required in catalog.Required)
        {
            var present = settings.ContainsKey(required.Name) || (required.IsCollection && settings.ContainsKey(required.Name + "__0"));
            if (!present)
            {
                problems.Add($"Required setting '{required.Name}' ({required.Property.DeclaringType?.Name}.{required.Property.Name}) is not set.");
            }
        }

        problems.AddRange(FixedSettings.Where(name => !settings.ContainsKey(name)).Select(name => $"App setting '{name}' is not set."));
        problems.AddRange(ForbiddenSettings.Where(settings.ContainsKey).Select(name => $"App setting '{name}' must not be set (Flex Consumption or key-based)."));

        foreach (var name in settings.Keys.Where(catalog.OwnsSection))
        {
            var bound = catalog.TryFind(name, out var setting);
            var boundAsItem = !bound && IndexedItemOf(name) is { } owner && catalog.TryFind(owner, out var collection) && collection.IsCollection;
            if (!bound && !boundAsItem)
            {
                problems.Add($"App setting '{name}' matches no options property, so the code never reads it.");
            }
            else if (bound && setting.IsCollection)
            {
                problems.Add($"App setting '{name}' targets the collection {setting.Property.DeclaringType?.Name}.{setting.Property.Name}: a collection binds from '{name}__0', '{name}__1', ..., never from '{name}'.");
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> UseTheIdentity(ArmTemplate template)
    {
        var problems = new List<string>();
        if (FunctionAppSite.Find(template, problems) is not { } site)
        {
            return problems;
        }

        var settings = site.AppSettings;
        Expect(settings, "AzureWebJobsStorage__credential", v => v == "managedidentity", "'managedidentity'", problems);
        Expect(settings, "AzureWebJobsStorage__clientId", v => v.StartsWith('[') && v.Length > 2, "the identity's client id", problems);
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Expect(settings, $"AzureWebJobsStorage__{service}ServiceUri", v => v.Contains($"primaryEndpoints.{service}", StringComparison.Ordinal), $"the account's primaryEndpoints.{service}", problems);
        }

        Expect(settings, "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", v => v.StartsWith("[format('ClientId={0};Authorization=AAD'", StringComparison.Ordinal), "'ClientId=<identity client id>;Authorization=AAD'", problems);
        Expect(settings, "APPLICATIONINSIGHTS_CONNECTION_STRING", v => v.Contains("'Microsoft.Insights/components'", StringComparison.Ordinal) && v.EndsWith(".ConnectionString]", StringComparison.Ordinal), "the component's ConnectionString", problems);

        // Each host takes 1/MaxHostCount of Feishu's budget: it must be the plan's scale-out cap.
        var maximumInstanceCount = ArmText.Of(site.Resource.At("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount"));
        var expected = $"[string({maximumInstanceCount.TrimStart('[').TrimEnd(']')})]";
        Expect(settings, "Feishu__RateLimit__MaxHostCount", v => v == expected || v == maximumInstanceCount, $"the maximum instance count ({expected})", problems);
        return problems;
    }

    private static void Expect(IReadOnlyDictionary<string, string> settings, string name, Func<string, bool> isRight, string expected, List<string> problems)
    {
        if (!settings.TryGetValue(name, out var value))
        {
            problems.Add($"App setting '{name}' is not set.");
        }
        else if (!isRight(value))
        {
            problems.Add($"App setting '{name}' must be {expected}, is '{value}'.");
        }
    }

    private static string? IndexedItemOf(string name)
    {
        var last = name.LastIndexOf("__", StringComparison.Ordinal);
        return last > 0 && int.TryParse(name.AsSpan(last + 2), out _) ? name[..last] : null;
    }
}
