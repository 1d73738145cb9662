using System.Globalization;
using System.Text.Json.Nodes;

namespace FeishuEmulator.Tests.Emulator.Infrastructure;

/// <summary>Sync and check request bodies as raw JSON, valid against Feishu's schema unless a test breaks them.</summary>
public static class Payloads
{
    /// <summary>A base time in Unix milliseconds; tests add small offsets to order their updates.</summary>
    public const long T0 = 1_700_000_000_000;

    public const string ApprovalCode = "APPROVAL_LEAVE";
    public const string InitiatorOpenId = "ou_initiator";
    public const string InitiatorUserId = "u_initiator";
    public const string ApproverOpenId = "ou_approver";
    public const string ApproverUserId = "u_approver";
    public const string CcOpenId = "ou_cc";

    public static string Time(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static JsonObject Instance(
        string instanceId,
        long updateTime,
        string? updateMode = null,
        IEnumerable<JsonObject>? tasks = null,
        IEnumerable<JsonObject>? ccs = null,
        string status = "PENDING",
        string title = "@i18n@title",
        string approvalCode = ApprovalCode,
        string? openId = InitiatorOpenId,
        string? userId = InitiatorUserId)
    {
        var instance = new JsonObject
        {
            ["approval_code"] = approvalCode,
            ["instance_id"] = instanceId,
            ["status"] = status,
            ["links"] = new JsonObject { ["pc_link"] = $"https://approvals.example.com/pc/{instanceId}", ["mobile_link"] = $"https://approvals.example.com/m/{instanceId}" },
            ["title"] = title,
            ["form"] = new JsonArray(new JsonObject { ["name"] = "@i18n@days", ["value"] = "3" }),
            ["user_name"] = "Li Lei",
            ["department_id"] = "dep_sales",
            ["department_name"] = "Sales",
            ["start_time"] = Time(T0),
            ["end_time"] = "0",
            ["update_time"] = Time(updateTime),
            ["extra"] = """{"business_key":"DOC-1"}""",
            ["task_list"] = new JsonArray([.. tasks ?? []]),
            ["cc_list"] = new JsonArray([.. ccs ?? []]),
            ["i18n_resources"] = new JsonArray(new JsonObject
            {
                ["locale"] = "en-US",
                ["is_default"] = true,
                ["texts"] = new JsonArray(
                    new JsonObject { ["key"] = "@i18n@title", ["value"] = "Leave request" },
                    new JsonObject { ["key"] = "@i18n@days", ["value"] = "Days" }),
            }),
        };
        if (openId is not null)
        {
            instance["open_id"] = openId;
        }

        if (userId is not null)
        {
            instance["user_id"] = userId;
        }

        if (updateMode is not null)
        {
            instance["update_mode"] = updateMode;
        }

        return instance;
    }

    public static JsonObject Task(
        string taskId,
        long updateTime,
        string status = "PENDING",
        string openId = ApproverOpenId,
        string userId = ApproverUserId,
        long createTime = T0,
        string title = "Approve the leave",
        string nodeId = "node_manager",
        string nodeName = "Manager")
    {
        return new JsonObject
        {
            ["task_id"] = taskId,
            ["open_id"] = openId,
            ["user_id"] = userId,
            ["title"] = title,
            ["links"] = new JsonObject { ["pc_link"] = $"https://approvals.example.com/pc/task/{taskId}", ["mobile_link"] = $"https://approvals.example.com/m/task/{taskId}" },
            ["status"] = status,
            ["create_time"] = Time(createTime),
            ["end_time"] = status == "PENDING" ? "0" : Time(updateTime),
            ["update_time"] = Time(updateTime),
            ["node_id"] = nodeId,
            ["node_name"] = nodeName,
        };
    }

    public static JsonObject Cc(
        string ccId,
        long updateTime,
        string readStatus = "UNREAD",
        string openId = CcOpenId,
        string userId = "u_cc",
        long createTime = T0,
        string title = "For your information")
    {
        return new JsonObject
        {
            ["cc_id"] = ccId,
            ["open_id"] = openId,
            ["user_id"] = userId,
            ["title"] = title,
            ["links"] = new JsonObject { ["pc_link"] = $"https://approvals.example.com/pc/cc/{ccId}" },
            ["read_status"] = readStatus,
            ["create_time"] = Time(createTime),
            ["update_time"] = Time(updateTime),
        };
    }

    /// <summary>A check request: what the caller believes Feishu holds.</summary>
    public static JsonObject Check(params (string InstanceId, long UpdateTime, (string TaskId, long UpdateTime)[] Tasks)[] instances) => new()
    {
        ["instances"] = new JsonArray([.. instances.Select(i => (JsonNode)new JsonObject
        {
            ["instance_id"] = i.InstanceId,
            ["update_time"] = Time(i.UpdateTime),
            ["tasks"] = new JsonArray([.. i.Tasks.Select(t => (JsonNode)new JsonObject { ["task_id"] = t.TaskId, ["update_time"] = Time(t.UpdateTime) })]),
        })]),
    };
}
