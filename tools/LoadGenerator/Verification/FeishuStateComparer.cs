using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalFunctions.Feishu.Json;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.LoadGenerator.Verification;

/// <summary>
/// Compares what Feishu holds (the emulator's view: Feishu's fields plus <c>effective_update_time</c> on the instance
/// and on each task and CC) with what the source last sent, field by field: every field of the instance, of each task
/// and of each CC, no missing or extra task or CC, and the task and CC times exactly. The instance time must be equal
/// with <c>exactInstanceTime</c>; without it, it may be later than the source's (a change the pipeline had to prove
/// carries a later one until a reconcile round gives the source's time back).
/// </summary>
internal static class FeishuStateComparer
{
    private const string EffectiveTime = "effective_update_time";
    private const int ShownValueLength = 120;
    private static readonly JsonSerializerOptions DisplayOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Fields compared by their own rules, or not part of what Feishu displays.</summary>
    private static readonly HashSet<string> InstanceFieldsSkipped = new(StringComparer.Ordinal)
    {
        "update_time", "update_mode", "task_list", "cc_list", EffectiveTime,
    };

    private static readonly HashSet<string> EntityFieldsSkipped = new(StringComparer.Ordinal) { "update_time", EffectiveTime };

    /// <param name="expected">The source's final state of every instance of the run.</param>
    /// <param name="feishu">Feishu's instances by id (other instances are ignored).</param>
    public static IReadOnlyList<Difference> Compare(IEnumerable<ExternalInstance> expected, IReadOnlyDictionary<string, JsonObject> feishu, bool exactInstanceTime = false)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(feishu);
        var differences = new List<Difference>();
        foreach (var source in expected)
        {
            if (!feishu.TryGetValue(source.InstanceId, out var held))
            {
                differences.Add(new(source.InstanceId, DifferenceKind.MissingInstance, source.InstanceId, "missing in Feishu"));
                continue;
            }

            CompareInstance(source, held, exactInstanceTime, differences);
        }

        return differences;
    }

    /// <summary>Indexes the emulator's <c>GET /emulator/instances</c> array by instance id.</summary>
    public static Dictionary<string, JsonObject> IndexById(JsonArray view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.OfType<JsonObject>()
            .Where(i => i["instance_id"] is not null)
            .ToDictionary(i => i["instance_id"]!.GetValue<string>(), StringComparer.Ordinal);
    }

    private static void CompareInstance(ExternalInstance source, JsonObject held, bool exactInstanceTime, List<Difference> differences)
    {
        var id = source.InstanceId;
        var sent = JsonSerializer.SerializeToNode(source, FeishuJsonContext.Default.ExternalInstance)!.AsObject();
        if (DifferingFields(sent, held, InstanceFieldsSkipped) is { Count: > 0 } fields)
        {
            differences.Add(new(id, DifferenceKind.InstanceFieldDiffers, id, Describe(fields)));
        }

        var feishuTime = ReadTime(held[EffectiveTime]);
        if (feishuTime is null || feishuTime < source.UpdateTime)
        {
            differences.Add(new(id, DifferenceKind.StaleInstanceTime, id,
                $"Feishu's update_time {Show(feishuTime)} is older than the source's {source.UpdateTime}"));
        }
        else if (exactInstanceTime && feishuTime != source.UpdateTime)
        {
            differences.Add(new(id, DifferenceKind.InstanceTimeDiffers, id,
                $"Feishu's update_time {Show(feishuTime)} is later than the source's {source.UpdateTime}"));
        }

        CompareEntities(
            id,
            sent["task_list"] as JsonArray,
            held["task_list"] as JsonArray,
            "task_id",
            "task",
            (DifferenceKind.MissingTask, DifferenceKind.ExtraTask, DifferenceKind.TaskFieldDiffers, DifferenceKind.TaskTimeDiffers),
            sentTime: task => ReadTime(task["update_time"]) ?? source.UpdateTime,
            differences);
        CompareEntities(
            id,
            sent["cc_list"] as JsonArray,
            held["cc_list"] as JsonArray,
            "cc_id",
            "CC",
            (DifferenceKind.MissingCc, DifferenceKind.ExtraCc, DifferenceKind.CcFieldDiffers, DifferenceKind.CcTimeDiffers),
            sentTime: cc => ReadTime(cc["update_time"]) ?? 0,
            differences);
    }

    private static void CompareEntities(
        string instanceId,
        JsonArray? sentItems,
        JsonArray? heldItems,
        string idField,
        string noun,
        (DifferenceKind Missing, DifferenceKind Extra, DifferenceKind Field, DifferenceKind Time) kinds,
        Func<JsonObject, long> sentTime,
        List<Difference> differences)
    {
        var sent = ById(sentItems, idField);
        var held = ById(heldItems, idField);
        foreach (var (entityId, item) in sent)
        {
            if (!held.TryGetValue(entityId, out var heldItem))
            {
                differences.Add(new(instanceId, kinds.Missing, entityId, $"{noun} missing in Feishu"));
                continue;
            }

            // One line per entity: an old time usually explains the fields, so it leads and names them.
            var fields = DifferingFields(item, heldItem, EntityFieldsSkipped);
            var expectedTime = sentTime(item);
            var feishuTime = ReadTime(heldItem[EffectiveTime]);
            if (feishuTime != expectedTime)
            {
                var also = fields.Count == 0 ? string.Empty : $" ({string.Join(", ", fields.Select(f => f.Name))} differ too)";
                differences.Add(new(instanceId, kinds.Time, entityId,
                    $"{noun} update_time is {Show(feishuTime)} in Feishu, the source sent {expectedTime}{also}"));
            }
            else if (fields.Count > 0)
            {
                differences.Add(new(instanceId, kinds.Field, entityId, $"{noun} {Describe(fields)}"));
            }
        }

        foreach (var entityId in held.Keys.Where(k => !sent.ContainsKey(k)))
        {
            differences.Add(new(instanceId, kinds.Extra, entityId, $"{noun} in Feishu that the source never sent"));
        }
    }

    private static List<(string Name, string Detail)> DifferingFields(JsonObject sent, JsonObject held, HashSet<string> skipped)
    {
        var names = sent.Select(p => p.Key).Concat(held.Select(p => p.Key)).Where(n => !skipped.Contains(n)).Distinct(StringComparer.Ordinal);
        var differing = new List<(string Name, string Detail)>();
        foreach (var name in names)
        {
            var sentValue = sent[name];
            var heldValue = held[name];

            // JSON null and a missing field mean the same to Feishu: the serialiser may write either.
            if (!JsonNode.DeepEquals(sentValue, heldValue) && !(IsNothing(sentValue) && IsNothing(heldValue)))
            {
                differing.Add((name, $"{name} is {Show(heldValue)} in Feishu, the source sent {Show(sentValue)}"));
            }
        }

        return differing;
    }

    private static string Describe(List<(string Name, string Detail)> fields) => string.Join("; ", fields.Select(f => f.Detail));

    private static bool IsNothing(JsonNode? value) => value is null || value.GetValueKind() == JsonValueKind.Null;

    private static Dictionary<string, JsonObject> ById(JsonArray? items, string idField)
    {
        var byId = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var item in items?.OfType<JsonObject>() ?? [])
        {
            if (item[idField]?.GetValue<string>() is { } id)
            {
                byId[id] = item;
            }
        }

        return byId;
    }

    /// <summary>A Feishu time: a string of digits (or a number, as some of Feishu's examples send).</summary>
    private static long? ReadTime(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String when long.TryParse(node.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) => value,
        JsonValueKind.Number => node.GetValue<long>(),
        _ => null,
    };

    private static string Show(long? time) => time?.ToString(CultureInfo.InvariantCulture) ?? "missing";

    private static string Show(JsonNode? value)
    {
        var text = value?.ToJsonString(DisplayOptions) ?? "nothing";
        return text.Length <= ShownValueLength ? text : string.Concat(text.AsSpan(0, ShownValueLength), "…");
    }
}
