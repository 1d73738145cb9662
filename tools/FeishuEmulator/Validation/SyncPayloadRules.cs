using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeishuEmulator.Protocol;

namespace FeishuEmulator.Validation;

/// <summary>
/// The rules of approval-api.md §2 that the official schema cannot express. Each failure names the field by path.
/// </summary>
internal static class SyncPayloadRules
{
    public const int MaxTasks = 300;
    public const int MaxCcs = 200;
    public const int MaxFormChars = 2048;
    private const string I18nKeyPrefix = "@i18n@";

    /// <summary>Throws <see cref="FeishuErrorException"/> (1390001) at the first broken rule.</summary>
    public static void Check(JsonObject request)
    {
        foreach (var field in new[] { "approval_code", "instance_id" })
        {
            if (string.IsNullOrEmpty(request[field]?.GetValue<string>()))
            {
                throw FeishuErrorException.ParamInvalid($"{field} must not be empty");
            }
        }

        foreach (var field in new[] { "start_time", "end_time", "update_time" })
        {
            RequireTime(request, field, field);
        }

        RequireLinks(request, "links");
        RequireExtraObject(request, "extra");
        CheckForm(request);

        var tasks = request["task_list"] as JsonArray ?? [];
        var ccs = request["cc_list"] as JsonArray ?? [];
        if (tasks.Count > MaxTasks)
        {
            throw FeishuErrorException.ParamInvalid($"task_list holds {tasks.Count} tasks; at most {MaxTasks} are allowed");
        }

        if (ccs.Count > MaxCcs)
        {
            throw FeishuErrorException.ParamInvalid($"cc_list holds {ccs.Count} CCs; at most {MaxCcs} are allowed");
        }

        for (var i = 0; i < tasks.Count; i++)
        {
            var task = (JsonObject)tasks[i]!;
            var path = $"task_list[{i}]";
            RequireTime(task, "create_time", $"{path}.create_time");
            RequireTime(task, "end_time", $"{path}.end_time");
            if (task.ContainsKey("update_time"))
            {
                RequireTime(task, "update_time", $"{path}.update_time");
            }

            RequireLinks(task, $"{path}.links");
            RequireExtraObject(task, $"{path}.extra");
            RequireAssignee(task, path);
        }

        for (var i = 0; i < ccs.Count; i++)
        {
            var cc = (JsonObject)ccs[i]!;
            var path = $"cc_list[{i}]";
            RequireTime(cc, "create_time", $"{path}.create_time");
            RequireTime(cc, "update_time", $"{path}.update_time");
            RequireLinks(cc, $"{path}.links");
            RequireExtraObject(cc, $"{path}.extra");
            RequireAssignee(cc, path);
        }

        CheckDistinctIds(request, tasks, ccs);
        CheckI18n(request, tasks);
    }

    /// <summary>A Feishu time: a string of decimal digits (Unix milliseconds) that fits in 64 bits.</summary>
    public static long ParseTime(JsonNode? node, string path)
    {
        var text = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        if (string.IsNullOrEmpty(text) || !text.All(char.IsAsciiDigit)
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw FeishuErrorException.ParamInvalid($"{path} must be a string of decimal digits (Unix milliseconds), got {node?.ToJsonString() ?? "nothing"}");
        }

        return value;
    }

    private static void RequireTime(JsonObject owner, string field, string path) => ParseTime(owner[field], path);

    private static void RequireLinks(JsonObject owner, string path)
    {
        var links = owner["links"] as JsonObject;
        var pc = links?["pc_link"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(pc))
        {
            throw FeishuErrorException.ParamInvalid($"{path}.pc_link must not be empty");
        }
    }

    private static void RequireExtraObject(JsonObject owner, string path)
    {
        if (owner["extra"]?.GetValue<string>() is not { } extra || extra.Length == 0)
        {
            return;
        }

        try
        {
            if (JsonNode.Parse(extra) is JsonObject)
            {
                return;
            }
        }
        catch (JsonException)
        {
            // Falls through to the error below.
        }

        throw FeishuErrorException.ParamInvalid($"{path} must be a JSON object serialised into a string");
    }

    private static void RequireAssignee(JsonObject entity, string path)
    {
        if (string.IsNullOrEmpty(entity["user_id"]?.GetValue<string>()) && string.IsNullOrEmpty(entity["open_id"]?.GetValue<string>()))
        {
            throw FeishuErrorException.ParamInvalid($"{path} needs a user_id or an open_id");
        }
    }

    private static void CheckForm(JsonObject request)
    {
        if (request["form"] is not JsonArray form)
        {
            return;
        }

        var total = form.Sum(item => (item?["name"]?.GetValue<string>()?.Length ?? 0) + (item?["value"]?.GetValue<string>()?.Length ?? 0));
        if (total > MaxFormChars)
        {
            throw FeishuErrorException.ParamInvalid($"form holds {total} characters; at most {MaxFormChars} are allowed");
        }
    }

    private static void CheckDistinctIds(JsonObject request, JsonArray tasks, JsonArray ccs)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [request["instance_id"]!.GetValue<string>()] = "instance_id",
        };
        Claim(tasks, "task_list", "task_id");
        Claim(ccs, "cc_list", "cc_id");

        void Claim(JsonArray items, string list, string idField)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var id = items[i]![idField]!.GetValue<string>();
                var path = $"{list}[{i}].{idField}";
                if (string.IsNullOrEmpty(id))
                {
                    throw FeishuErrorException.ParamInvalid($"{path} must not be empty");
                }

                if (!owners.TryAdd(id, path))
                {
                    throw FeishuErrorException.ParamInvalid(
                        $"{path} \"{id}\" is also used by {owners[id]}; instance, task and CC ids must be distinct");
                }
            }
        }
    }

    private static void CheckI18n(JsonObject request, JsonArray tasks)
    {
        var resources = request["i18n_resources"] as JsonArray ?? [];
        var defaults = resources.Select((r, i) => (Resource: (JsonObject)r!, Index: i))
            .Where(r => r.Resource["is_default"]?.GetValue<bool>() == true)
            .ToList();
        if (defaults.Count != 1)
        {
            throw FeishuErrorException.ParamInvalid($"i18n_resources must hold exactly one locale with is_default true, found {defaults.Count}");
        }

        var defaultKeys = ((JsonArray)defaults[0].Resource["texts"]!)
            .Select(t => t!["key"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);

        foreach (var (path, value) in TranslatableValues(request, tasks))
        {
            if (value.StartsWith(I18nKeyPrefix, StringComparison.Ordinal) && !defaultKeys.Contains(value))
            {
                throw FeishuErrorException.ParamInvalid(
                    $"{path} uses the key \"{value}\" that i18n_resources[{defaults[0].Index}] (the default locale) does not define");
            }
        }
    }

    private static IEnumerable<(string Path, string Value)> TranslatableValues(JsonObject request, JsonArray tasks)
    {
        foreach (var field in new[] { "title", "user_name", "department_name" })
        {
            if (request[field]?.GetValue<string>() is { } value)
            {
                yield return (field, value);
            }
        }

        var form = request["form"] as JsonArray ?? [];
        for (var i = 0; i < form.Count; i++)
        {
            foreach (var field in new[] { "name", "value" })
            {
                if (form[i]?[field]?.GetValue<string>() is { } value)
                {
                    yield return ($"form[{i}].{field}", value);
                }
            }
        }

        for (var i = 0; i < tasks.Count; i++)
        {
            foreach (var field in new[] { "title", "node_name" })
            {
                if (tasks[i]?[field]?.GetValue<string>() is { } value)
                {
                    yield return ($"task_list[{i}].{field}", value);
                }
            }

            var actions = tasks[i]?["action_configs"] as JsonArray ?? [];
            for (var a = 0; a < actions.Count; a++)
            {
                if (actions[a]?["action_name"]?.GetValue<string>() is { } value)
                {
                    yield return ($"task_list[{i}].action_configs[{a}].action_name", value);
                }
            }
        }
    }
}
