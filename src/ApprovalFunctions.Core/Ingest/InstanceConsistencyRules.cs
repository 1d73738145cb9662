namespace ApprovalFunctions.Core.Ingest;

/// <summary>Rules that look across a whole instance: distinct ids, one default locale, every text key defined.</summary>
internal static class InstanceConsistencyRules
{
    public static void Check(InstanceFacts facts, string instancePath, List<IngestProblem> problems)
    {
        CheckDistinctIds(facts, problems);
        CheckI18n(facts, instancePath, problems);
    }

    // Feishu keys tasks and CCs by id inside an instance across kinds: a clash makes the data invisible.
    private static void CheckDistinctIds(InstanceFacts facts, List<IngestProblem> problems)
    {
        var firstUse = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, path) in facts.EntityIds)
        {
            if (!firstUse.TryAdd(id, path))
            {
                problems.Add(new(path, $"The id \"{id}\" is already used at {firstUse[id]}; the instance, its tasks and its CCs need distinct ids."));
            }
        }
    }

    private static void CheckI18n(InstanceFacts facts, string instancePath, List<IngestProblem> problems)
    {
        var resourcesPath = JsonPath.Property(instancePath, "i18n_resources");
        var locales = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in facts.I18nResources.Where(resource => resource.Locale is not null))
        {
            if (!locales.TryAdd(resource.Locale!, resource.Path))
            {
                problems.Add(new(JsonPath.Property(resource.Path, "locale"), $"The locale {resource.Locale} is already given at {locales[resource.Locale!]}."));
            }
        }

        var defaults = facts.I18nResources.Where(resource => resource.IsDefault == true).ToList();
        if (defaults.Count > 1)
        {
            problems.Add(new(resourcesPath, $"Exactly one resource must have is_default true; {defaults.Count} do ({string.Join(", ", defaults.Select(d => d.Path))})."));
            return;
        }

        if (defaults.Count == 0)
        {
            // With no items, or a malformed is_default, the shape problems already say what is wrong.
            if (facts.I18nResources.Count > 0 && facts.I18nResources.All(resource => resource.IsDefault is not null))
            {
                problems.Add(new(resourcesPath, "Exactly one resource must have is_default true; none does."));
            }

            return;
        }

        var defaultResource = defaults[0];
        foreach (var (key, path) in facts.I18nKeyUses)
        {
            if (!defaultResource.Keys.Contains(key))
            {
                problems.Add(new(path, $"The text key \"{key}\" is not defined in the default locale's texts ({defaultResource.Path})."));
            }
        }
    }
}
