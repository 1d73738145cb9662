using System.Text.Json.Nodes;

namespace ApprovalFunctions.UnitTests.Ingest;

/// <summary>Valid Feishu sync bodies for tests, as mutable JSON, with short path-based edits (<c>Set("task_list[0].status", "X")</c>).</summary>
internal static class InstanceBodies
{
    public const string Created = "1700000000000";
    public const string Updated = "1700000360000";

    /// <summary>Only the required fields, one default locale without texts, and an initiator.</summary>
    public static JsonObject Minimal(string instanceId = "PO-2026-0001") => new()
    {
        ["approval_code"] = "7C468A54-8745-2245-9675-08B7C63E7A85",
        ["instance_id"] = instanceId,
        ["status"] = "PENDING",
        ["links"] = new JsonObject { ["pc_link"] = $"https://erp.example.com/po/{instanceId}" },
        ["user_id"] = "u-initiator",
        ["start_time"] = Created,
        ["end_time"] = "0",
        ["update_time"] = Created,
        ["i18n_resources"] = new JsonArray(Locale("zh-CN", isDefault: true)),
    };

    /// <summary>Every field Feishu's schema has, with two tasks, two CCs, two locales and every text key defined.</summary>
    public static JsonObject Full(string instanceId = "PO-2026-0002") => new()
    {
        ["approval_code"] = "7C468A54-8745-2245-9675-08B7C63E7A85",
        ["instance_id"] = instanceId,
        ["status"] = "PENDING",
        ["extra"] = "{\"business_key\":\"PO-2026-0002\"}",
        ["links"] = new JsonObject
        {
            ["pc_link"] = $"https://erp.example.com/po/{instanceId}",
            ["mobile_link"] = $"https://m.erp.example.com/po/{instanceId}",
        },
        ["title"] = "@i18n@title",
        ["form"] = new JsonArray(
            new JsonObject { ["name"] = "@i18n@form_amount", ["value"] = "@i18n@form_amount_value" },
            new JsonObject { ["name"] = "@i18n@form_supplier", ["value"] = "ACME Ltd." }),
        ["user_id"] = "u-initiator",
        ["user_name"] = "@i18n@initiator",
        ["open_id"] = "ou_initiator",
        ["department_id"] = "od-purchasing",
        ["department_name"] = "@i18n@department",
        ["start_time"] = Created,
        ["end_time"] = "0",
        ["update_time"] = Updated,
        ["display_method"] = "BROWSER",
        ["update_mode"] = "REPLACE",
        ["task_list"] = new JsonArray(
            new JsonObject
            {
                ["task_id"] = $"{instanceId}-t1",
                ["user_id"] = "u-manager",
                ["open_id"] = "ou_manager",
                ["title"] = "@i18n@task_title",
                ["links"] = new JsonObject { ["pc_link"] = "https://erp.example.com/task/1", ["mobile_link"] = "https://m.erp.example.com/task/1" },
                ["status"] = "APPROVED",
                ["extra"] = "{\"complete_reason\":\"approved\"}",
                ["create_time"] = Created,
                ["end_time"] = Updated,
                ["update_time"] = Updated,
                ["action_context"] = "ctx-1",
                ["action_configs"] = new JsonArray(new JsonObject
                {
                    ["action_type"] = "APPROVE",
                    ["action_name"] = "@i18n@approve",
                    ["is_need_reason"] = true,
                    ["is_reason_required"] = false,
                    ["is_need_attachment"] = false,
                }),
                ["display_method"] = "SIDEBAR",
                ["exclude_statistics"] = false,
                ["node_id"] = "node-manager",
                ["node_name"] = "@i18n@node_manager",
                ["generate_type"] = "DEFAULT",
            },
            Task($"{instanceId}-t2", "PENDING")),
        ["cc_list"] = new JsonArray(
            new JsonObject
            {
                ["cc_id"] = $"{instanceId}-c1",
                ["user_id"] = "u-controller",
                ["open_id"] = "ou_controller",
                ["links"] = new JsonObject { ["pc_link"] = "https://erp.example.com/cc/1" },
                ["read_status"] = "UNREAD",
                ["extra"] = "{}",
                ["title"] = "@i18n@cc_title",
                ["create_time"] = Created,
                ["update_time"] = Updated,
                ["display_method"] = "NORMAL",
            },
            Cc($"{instanceId}-c2")),
        ["i18n_resources"] = new JsonArray(
            Locale("zh-CN", isDefault: true, FullTexts("zh")),
            Locale("en-US", isDefault: false, FullTexts("en"))),
        ["trusteeship_url_token"] = "token-1",
        ["trusteeship_user_id_type"] = "user_id",
        ["trusteeship_urls"] = new JsonObject
        {
            ["form_detail_url"] = "https://erp.example.com/hosted/form",
            ["action_definition_url"] = "https://erp.example.com/hosted/actions",
            ["approval_node_url"] = "https://erp.example.com/hosted/nodes",
            ["action_callback_url"] = "https://erp.example.com/hosted/callback",
            ["pull_business_data_url"] = "https://erp.example.com/hosted/data",
        },
        ["trusteeship_cache_config"] = new JsonObject
        {
            ["form_policy"] = "BY_NODE",
            ["form_vary_with_locale"] = true,
            ["form_version"] = "3",
        },
        ["resource_region"] = "cn",
    };

    /// <summary>An UPDATE carrying one changed task: a later instance update_time and the task's own update_time.</summary>
    public static JsonObject Update(string instanceId = "PO-2026-0001")
    {
        var body = Minimal(instanceId);
        body["update_mode"] = "UPDATE";
        body["update_time"] = Updated;
        body["task_list"] = new JsonArray(Task($"{instanceId}-t1", "APPROVED", endTime: Updated, updateTime: Updated));
        return body;
    }

    public static JsonObject Task(string taskId, string status = "PENDING", string endTime = "0", string? updateTime = Created)
    {
        var task = new JsonObject
        {
            ["task_id"] = taskId,
            ["user_id"] = "u-approver",
            ["links"] = new JsonObject { ["pc_link"] = $"https://erp.example.com/task/{taskId}" },
            ["status"] = status,
            ["create_time"] = Created,
            ["end_time"] = endTime,
        };
        if (updateTime is not null)
        {
            task["update_time"] = updateTime;
        }

        return task;
    }

    public static JsonObject Cc(string ccId) => new()
    {
        ["cc_id"] = ccId,
        ["open_id"] = "ou_reader",
        ["links"] = new JsonObject { ["pc_link"] = $"https://erp.example.com/cc/{ccId}" },
        ["read_status"] = "READ",
        ["create_time"] = Created,
        ["update_time"] = Created,
    };

    public static JsonObject Locale(string locale, bool isDefault, params (string Key, string Value)[] texts) => new()
    {
        ["locale"] = locale,
        ["is_default"] = isDefault,
        ["texts"] = new JsonArray(texts.Select(text => (JsonNode)new JsonObject { ["key"] = text.Key, ["value"] = text.Value }).ToArray()),
    };

    public static JsonObject WithTasks(this JsonObject body, int count)
    {
        var id = (string)body["instance_id"]!;
        body["task_list"] = new JsonArray(Enumerable.Range(1, count).Select(i => (JsonNode)Task($"{id}-t{i}")).ToArray());
        return body;
    }

    public static JsonObject WithCcs(this JsonObject body, int count)
    {
        var id = (string)body["instance_id"]!;
        body["cc_list"] = new JsonArray(Enumerable.Range(1, count).Select(i => (JsonNode)Cc($"{id}-c{i}")).ToArray());
        return body;
    }

    /// <summary>Sets the node at a path such as <c>task_list[0].links.pc_link</c> (parents must exist).</summary>
    public static JsonObject Set(this JsonObject body, string path, JsonNode? value)
    {
        var (parent, last) = Parent(body, path);
        if (last.Index is { } index)
        {
            parent[last.Name]![index] = value;
        }
        else
        {
            parent.AsObject()[last.Name] = value;
        }

        return body;
    }

    /// <summary>Removes the property or array item at a path such as <c>task_list[0].status</c> or <c>cc_list[1]</c>.</summary>
    public static JsonObject Without(this JsonObject body, string path)
    {
        var (parent, last) = Parent(body, path);
        if (last.Index is { } index)
        {
            parent[last.Name]!.AsArray().RemoveAt(index);
        }
        else if (!parent.AsObject().Remove(last.Name))
        {
            throw new ArgumentException($"No property at {path}.", nameof(path));
        }

        return body;
    }

    public static JsonArray Batch(params JsonNode[] instances) => new(instances);

    public static JsonObject BatchEnvelope(params JsonNode[] instances) => new() { ["instances"] = Batch(instances) };

    private static (JsonNode Parent, (string Name, int? Index) Last) Parent(JsonObject body, string path)
    {
        var segments = path.Split('.').Select(Segment).ToList();
        JsonNode node = body;
        foreach (var (name, index) in segments[..^1])
        {
            node = node[name] ?? throw new ArgumentException($"No property {name} in {path}.", nameof(path));
            if (index is { } i)
            {
                node = node[i]!;
            }
        }

        return (node, segments[^1]);
    }

    private static (string Name, int? Index) Segment(string segment)
    {
        var bracket = segment.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0
            ? (segment, null)
            : (segment[..bracket], int.Parse(segment[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static (string Key, string Value)[] FullTexts(string language) =>
    [
        ("@i18n@title", $"{language}: Purchase order PO-2026-0002"),
        ("@i18n@form_amount", $"{language}: Amount"),
        ("@i18n@form_amount_value", "12,500.00 CNY"),
        ("@i18n@form_supplier", $"{language}: Supplier"),
        ("@i18n@initiator", $"{language}: Li Lei"),
        ("@i18n@department", $"{language}: Purchasing"),
        ("@i18n@task_title", $"{language}: Manager approval"),
        ("@i18n@approve", $"{language}: Approve"),
        ("@i18n@node_manager", $"{language}: Manager"),
        ("@i18n@cc_title", $"{language}: For your information"),
    ];
}
