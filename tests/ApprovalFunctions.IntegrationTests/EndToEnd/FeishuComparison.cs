using System.Globalization;
using System.Text.Json.Nodes;
using FeishuEmulator.State;

namespace ApprovalFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// Compares what Feishu (the emulator) holds for an instance with what the source last sent, written as one full body
/// (the instance with every task and CC in its latest version). Equal means: the same instance fields, exactly the same
/// tasks and CCs with the same fields. One tolerance: Feishu's instance <c>update_time</c> may be above the source's,
/// because a late CC change is sent just above what Feishu may hold (so that a check can prove it) until a reconcile
/// round gives the source's time back; these tests do not wait for rounds. The chaos test compares times exactly.
/// </summary>
public static class FeishuComparison
{
    private static readonly string[] NotInstanceFields = ["task_list", "cc_list", "update_mode", "update_time"];

    public static IReadOnlyList<string> Differences(JsonObject expected, InstanceSnapshot? held)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var id = expected["instance_id"]!.GetValue<string>();
        if (held is null)
        {
            return [$"{id}: Feishu does not hold the instance"];
        }

        var differences = new List<string>();
        CompareFields($"{id}", Without(expected, NotInstanceFields), Without(held.Fields, NotInstanceFields), differences);

        var expectedTime = long.Parse(expected["update_time"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        if (held.UpdateTime < expectedTime)
        {
            differences.Add($"{id}.update_time: expected at least {expectedTime}, Feishu holds {held.UpdateTime}");
        }

        CompareEntities($"{id}.task_list", expected["task_list"] as JsonArray, "task_id", held.Tasks.ToDictionary(t => t.TaskId, t => t.Fields), differences);
        CompareEntities($"{id}.cc_list", expected["cc_list"] as JsonArray, "cc_id", held.Ccs.ToDictionary(c => c.CcId, c => c.Fields), differences);
        return differences;
    }

    private static void CompareEntities(string path, JsonArray? expected, string idField, Dictionary<string, JsonObject> held, List<string> differences)
    {
        var wanted = (expected ?? []).Select(e => (JsonObject)e!).ToDictionary(e => e[idField]!.GetValue<string>(), StringComparer.Ordinal);
        foreach (var (id, entity) in wanted)
        {
            if (held.TryGetValue(id, out var actual))
            {
                CompareFields($"{path}[{id}]", entity, actual, differences);
            }
            else
            {
                differences.Add($"{path}[{id}]: missing in Feishu");
            }
        }

        differences.AddRange(held.Keys.Where(id => !wanted.ContainsKey(id)).Order(StringComparer.Ordinal).Select(id => $"{path}[{id}]: in Feishu but not sent by the source"));
    }

    private static void CompareFields(string path, JsonObject expected, JsonObject actual, List<string> differences)
    {
        foreach (var name in expected.Select(p => p.Key).Union(actual.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var want = expected[name];
            var have = actual[name];
            if (!JsonNode.DeepEquals(want, have))
            {
                differences.Add($"{path}.{name}: expected {want?.ToJsonString() ?? "(absent)"}, Feishu holds {have?.ToJsonString() ?? "(absent)"}");
            }
        }
    }

    private static JsonObject Without(JsonObject source, string[] names)
    {
        var copy = (JsonObject)source.DeepClone();
        foreach (var name in names)
        {
            copy.Remove(name);
        }

        return copy;
    }
}
