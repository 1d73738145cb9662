using System.Globalization;
using System.Text.Json.Nodes;

namespace ApprovalFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// Bodies as a source approval system sends them over HTTP: Feishu's sync body, times as strings of Unix milliseconds.
/// Times are given as offsets from <see cref="T0"/> so tests read as "step 1, step 2".
/// </summary>
public static class SourceInstances
{
    public const string ApprovalCode = "E2E-PURCHASE";

    /// <summary>2026-09-21T...Z: a realistic time well inside the validator's window.</summary>
    public const long T0 = 1_790_000_000_000;

    public static JsonObject Instance(
        string id,
        long time,
        string? mode = "REPLACE",
        string status = "PENDING",
        JsonArray? tasks = null,
        JsonArray? ccs = null,
        string department = "od-purchasing",
        string approvalCode = ApprovalCode)
    {
        var body = new JsonObject
        {
            ["approval_code"] = approvalCode,
            ["instance_id"] = id,
            ["status"] = status,
            ["links"] = new JsonObject { ["pc_link"] = $"https://erp.example.com/po/{id}", ["mobile_link"] = $"https://m.erp.example.com/po/{id}" },
            ["title"] = "@i18n@title",
            ["user_id"] = "u-initiator",
            ["department_id"] = department,
            ["start_time"] = Time(0),
            ["end_time"] = status == "PENDING" ? "0" : Time(time),
            ["update_time"] = Time(time),
            ["i18n_resources"] = new JsonArray(new JsonObject
            {
                ["locale"] = "zh-CN",
                ["is_default"] = true,
                ["texts"] = new JsonArray(new JsonObject { ["key"] = "@i18n@title", ["value"] = "采购申请" }),
            }),
        };
        if (mode is not null)
        {
            body["update_mode"] = mode;
        }

        if (tasks is not null)
        {
            body["task_list"] = tasks;
        }

        if (ccs is not null)
        {
            body["cc_list"] = ccs;
        }

        return body;
    }

    public static JsonObject TaskItem(string id, long time, string status = "PENDING", string user = "u-approver", string node = "node-manager") => new()
    {
        ["task_id"] = id,
        ["user_id"] = user,
        ["links"] = new JsonObject { ["pc_link"] = $"https://erp.example.com/task/{id}" },
        ["status"] = status,
        ["create_time"] = Time(0),
        ["end_time"] = status == "PENDING" ? "0" : Time(time),
        ["update_time"] = Time(time),
        ["node_id"] = node,
    };

    public static JsonObject Cc(string id, long time, string readStatus = "UNREAD", string user = "u-reader") => new()
    {
        ["cc_id"] = id,
        ["user_id"] = user,
        ["links"] = new JsonObject { ["pc_link"] = $"https://erp.example.com/cc/{id}" },
        ["read_status"] = readStatus,
        ["create_time"] = Time(0),
        ["update_time"] = Time(time),
    };

    public static JsonArray List(params JsonObject[] items) => new([.. items]);

    /// <summary>T0 + offset, as Feishu's string of milliseconds.</summary>
    public static string Time(long offset) => (T0 + offset).ToString(CultureInfo.InvariantCulture);
}
