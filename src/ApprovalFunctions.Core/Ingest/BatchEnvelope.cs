using System.Text.Json;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// The envelope of a batch, <c>{"instances": [...]}</c>: our shape, not Feishu's, with one property, so a few plain checks
/// say it (an instance inside is then checked on its own against Feishu's schema). A JSON <c>null</c> counts as absent.
/// </summary>
internal static class BatchEnvelope
{
    public const string InstancesProperty = "instances";

    /// <summary>The instances with their paths, or null (with problems) when the envelope is not as above.</summary>
    public static IReadOnlyList<(JsonElement Item, string Path)>? Read(JsonElement root, int maxBatchSize, List<IngestProblem> problems)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(JsonPath.Root, $"Must be a JSON object (a batch: {{\"instances\": [...]}}), not {JsonKinds.Describe(root)}."));
            return null;
        }

        var path = JsonPath.Property(JsonPath.Root, InstancesProperty);
        IReadOnlyList<(JsonElement Item, string Path)>? items = null;
        if (!root.TryGetProperty(InstancesProperty, out var instances) || instances.ValueKind == JsonValueKind.Null)
        {
            problems.Add(new(path, $"Missing required property \"{InstancesProperty}\"."));
        }
        else if (instances.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new(path, $"Must be a JSON array, not {JsonKinds.Describe(instances)}."));
        }
        else
        {
            items = [.. instances.EnumerateArray().Select((item, index) => (item, JsonPath.Index(path, index)))];
        }

        RejectOtherProperties(root, problems);
        if (items is not null && (items.Count == 0 || items.Count > maxBatchSize))
        {
            problems.Add(new(path, $"Must hold 1 to {maxBatchSize} instances; it holds {items.Count}."));
        }

        return items;
    }

    /// <summary>Only the envelope's own properties: the instances report theirs when they are checked.</summary>
    private static void RejectOtherProperties(JsonElement root, List<IngestProblem> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            var path = JsonPath.Property(JsonPath.Root, property.Name);
            if (!seen.Add(property.Name))
            {
                problems.Add(new(path, DuplicateProperties.Message));
            }
            else if (property.Name != InstancesProperty)
            {
                problems.Add(new(path, $"Unknown property \"{WireValueRules.Truncate(property.Name)}\"; a batch holds only \"{InstancesProperty}\"."));
            }
        }
    }
}
