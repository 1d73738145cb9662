using System.Text.Json.Nodes;
using FeishuEmulator.Protocol;
using FeishuEmulator.State;
using FeishuEmulator.Validation;
using Microsoft.AspNetCore.Http;

namespace FeishuEmulator.Endpoints;

/// <summary><c>GET /open-apis/approval/v4/external_tasks</c> (获取三方审批任务状态): filters in a JSON body on a GET.</summary>
internal sealed class ExternalTasksHandler(FeishuSchemas schemas, ApprovalStore store)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const int MaxInstanceIds = 20;

    public async Task<FeishuResponse> HandleAsync(HttpContext context, bool apply)
    {
        var query = FeishuRequestPipeline.ReadQuery(context, "page_size");
        if (schemas.ValidateQuery(FeishuSchemas.ExternalTasksSchema, query.Deserialize()) is { } queryError)
        {
            throw FeishuErrorException.ParamInvalid(queryError);
        }

        var body = await FeishuRequestPipeline.ReadBodyAsync(context, emptyIsEmptyObject: true);
        if (schemas.ValidateBody(FeishuSchemas.ExternalTasksSchema, body.Deserialize()) is { } bodyError)
        {
            throw FeishuErrorException.ParamInvalid(bodyError);
        }

        var approvalCodes = Strings(body, "approval_codes");
        var instanceIds = Strings(body, "instance_ids");
        var userIds = Strings(body, "user_ids");
        var status = body["status"]?.GetValue<string>();
        if (instanceIds?.Count > MaxInstanceIds)
        {
            throw FeishuErrorException.ParamInvalid($"instance_ids holds {instanceIds.Count} ids; at most {MaxInstanceIds} are allowed");
        }

        var pageSize = PageToken.ReadPageSize(query, DefaultPageSize, MaxPageSize);
        var offset = PageToken.ReadOffset(query["page_token"]?.GetValue<string>());
        var all = store.Read(instances => instances
            .Where(i => approvalCodes is null || approvalCodes.Contains(i.ApprovalCode))
            .Where(i => instanceIds is null || instanceIds.Contains(i.InstanceId))
            .Select(i => (Instance: i, Tasks: i.Tasks.Where(t => TaskMatches(t, userIds, status)).ToList()))
            .Where(x => x.Tasks.Count > 0 || (userIds is null && status is null))
            .Select(x => (JsonNode)Describe(x.Instance, x.Tasks))
            .ToList());
        var page = all.Skip(offset).Take(pageSize).ToList();
        var hasMore = offset + page.Count < all.Count;
        var data = new JsonObject { ["data"] = new JsonArray([.. page]), ["has_more"] = hasMore };
        if (hasMore)
        {
            data["page_token"] = PageToken.ForOffset(offset + page.Count);
        }

        return FeishuResponse.Success(data);
    }

    private static HashSet<string>? Strings(JsonObject body, string field) =>
        body[field] is JsonArray items && items.Count > 0
            ? items.Select(i => i!.GetValue<string>()).ToHashSet(StringComparer.Ordinal)
            : null;

    private static bool TaskMatches(StoredEntity task, HashSet<string>? userIds, string? status) =>
        (userIds is null || userIds.Contains(task.Text("user_id") ?? string.Empty) || userIds.Contains(task.Text("open_id") ?? string.Empty))
        && (status is null || task.Text("status") == status);

    private static JsonObject Describe(StoredInstance instance, List<StoredEntity> tasks) => new()
    {
        ["instance_id"] = instance.InstanceId,
        ["approval_id"] = FeishuInternalIds.Numeric("approval", instance.ApprovalCode),
        ["approval_code"] = instance.ApprovalCode,
        ["status"] = instance.Status,
        ["update_time"] = instance.UpdateTime.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["tasks"] = new JsonArray([.. tasks.Select(t => (JsonNode)new JsonObject
        {
            ["id"] = t.Id,
            ["status"] = t.Text("status"),
            ["update_time"] = t.UpdateTime.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })]),
    };
}
