using System.Text.Json.Nodes;
using FeishuEmulator.Protocol;
using FeishuEmulator.State;
using FeishuEmulator.Validation;
using Microsoft.AspNetCore.Http;

namespace FeishuEmulator.Endpoints;

/// <summary>
/// <c>GET /open-apis/approval/v4/tasks/query</c> (查询用户的任务列表), answered from what the emulator holds.
/// Instances without an initiator (the clean-up recipe) are seen by no one.
/// </summary>
internal sealed class TasksQueryHandler(FeishuSchemas schemas, ApprovalStore store)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 200;
    public const int MaxCountTotal = 999;

    public Task<FeishuResponse> HandleAsync(HttpContext context, bool apply)
    {
        var query = FeishuRequestPipeline.ReadQuery(context, "page_size");
        if (schemas.ValidateQuery(FeishuSchemas.TasksQuerySchema, query.Deserialize()) is { } schemaError)
        {
            throw FeishuErrorException.ParamInvalid(schemaError);
        }

        var userId = query["user_id"]!.GetValue<string>();
        if (string.IsNullOrEmpty(userId))
        {
            throw FeishuErrorException.ParamInvalid("user_id must not be empty");
        }

        var topic = query["topic"]!.GetValue<string>();
        var idType = query["user_id_type"]?.GetValue<string>() ?? "open_id";
        var pageSize = PageToken.ReadPageSize(query, DefaultPageSize, MaxPageSize);
        var offset = PageToken.ReadOffset(query["page_token"]?.GetValue<string>());

        var all = store.Read(instances => instances.Where(i => i.HasInitiator).SelectMany(i => ItemsOf(i, topic, userId, idType)).ToList());
        var page = all.Skip(offset).Take(pageSize).ToList();
        var hasMore = offset + page.Count < all.Count;
        var data = new JsonObject
        {
            ["tasks"] = new JsonArray([.. page]),
            ["has_more"] = hasMore,
        };
        if (hasMore)
        {
            data["page_token"] = PageToken.ForOffset(offset + page.Count);
        }

        if (offset == 0)
        {
            data["count"] = new JsonObject { ["total"] = Math.Min(all.Count, MaxCountTotal), ["has_more"] = all.Count > MaxCountTotal };
        }

        return Task.FromResult(FeishuResponse.Success(data));
    }

    private static IEnumerable<JsonNode> ItemsOf(StoredInstance instance, string topic, string userId, string idType)
    {
        switch (topic)
        {
            case "1" or "2":
                var wantPending = topic == "1";
                foreach (var task in instance.Tasks.Where(t => Matches(t.Fields, userId, idType) && (t.Text("status") == "PENDING") == wantPending))
                {
                    yield return Item(instance, topic, userId, task.Fields, task.Id, status: topic);
                }

                break;
            case "3":
                if (Matches(instance.Fields, userId, idType))
                {
                    yield return Item(instance, topic, userId, instance.Fields, taskId: null, status: instance.Status == "PENDING" ? "1" : "2");
                }

                break;
            case "17" or "18":
                var wantRead = topic == "18";
                foreach (var cc in instance.Ccs.Where(c => Matches(c.Fields, userId, idType) && (c.Text("read_status") == "READ") == wantRead))
                {
                    yield return Item(instance, topic, userId, cc.Fields, cc.Id, status: topic);
                }

                break;
        }
    }

    /// <summary>open_id (the default) matches open_id, user_id matches user_id; the emulator knows no union ids.</summary>
    private static bool Matches(JsonObject entity, string userId, string idType) => idType switch
    {
        "open_id" => entity["open_id"]?.GetValue<string>() == userId,
        "user_id" => entity["user_id"]?.GetValue<string>() == userId,
        _ => false,
    };

    /// <summary>
    /// The process status as the task query spells it (numeric strings, as the official SDKs' types declare): 1 running,
    /// 2 approved, 3 rejected, 4 canceled, 5 terminated, 0 none (an instance deleted or hidden).
    /// </summary>
    internal static string ProcessStatusOf(string instanceStatus) => instanceStatus switch
    {
        "PENDING" => "1",
        "APPROVED" => "2",
        "REJECTED" => "3",
        "CANCELED" => "4",
        "TERMINATED" => "5",
        _ => "0",
    };

    /// <summary>A task keeps its Feishu id from to-do to done, a CC from unread to read.</summary>
    private static string EntityKindOf(string topic) => topic switch
    {
        "1" or "2" => "task",
        "17" or "18" => "cc",
        _ => "initiator",
    };

    private static JsonObject Item(StoredInstance instance, string topic, string userId, JsonObject entity, string? taskId, string status)
    {
        var links = entity["links"] as JsonObject;
        var item = new JsonObject
        {
            ["topic"] = topic,
            ["user_id"] = userId,
            ["title"] = entity["title"]?.GetValue<string>() ?? instance.Text("title") ?? string.Empty,
            ["urls"] = new JsonObject
            {
                ["pc"] = links?["pc_link"]?.GetValue<string>() ?? string.Empty,
                ["mobile"] = links?["mobile_link"]?.GetValue<string>() ?? string.Empty,
            },
            ["process_external_id"] = instance.InstanceId,
            ["definition_code"] = instance.ApprovalCode,
            ["status"] = status,
            ["process_status"] = ProcessStatusOf(instance.Status),
            // Feishu's own ids of the task (or CC, or the initiator's entry) and of the instance, beside ours.
            ["task_id"] = FeishuInternalIds.Numeric("task", instance.InstanceId, EntityKindOf(topic), taskId ?? string.Empty),
            ["process_id"] = FeishuInternalIds.Numeric("process", instance.InstanceId),
            ["process_code"] = FeishuInternalIds.Code("process", instance.InstanceId),
        };
        if (taskId is not null)
        {
            item["task_external_id"] = taskId;
        }

        return item;
    }
}
