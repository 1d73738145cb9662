using Infrastructure.Tests.Arm;

namespace Infrastructure.Tests.Rules;

/// <summary>Every table and queue the app uses exists from deploy time on, plus the deployment package container.</summary>
public static class StorageRules
{
    public static IReadOnlyList<string> CreatesTablesAndQueues(ArmTemplate template, IEnumerable<string> tables, IEnumerable<string> queues)
    {
        var problems = new List<string>();
        Compare("table", Names(template, "Microsoft.Storage/storageAccounts/tableServices/tables"), tables, problems);
        Compare("queue", Names(template, "Microsoft.Storage/storageAccounts/queueServices/queues"), queues, problems);
        if (!template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Any())
        {
            problems.Add("The template creates no blob container for the Flex Consumption deployment package.");
        }

        return problems;
    }

    private static HashSet<string> Names(ArmTemplate template, string type) =>
        [.. template.OfType(type).SelectMany(r => r.LeafNames())];

    private static void Compare(string kind, HashSet<string> created, IEnumerable<string> expected, List<string> problems)
    {
        var expectedSet = expected.ToHashSet(StringComparer.Ordinal);
        problems.AddRange(expectedSet.Except(created).Order().Select(name => $"The app uses {kind} '{name}' but the template does not create it."));
        problems.AddRange(created.Except(expectedSet).Order().Select(name => $"The template creates {kind} '{name}' that StorageNames does not list."));
    }
}
