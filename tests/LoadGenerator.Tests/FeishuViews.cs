using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalFunctions.Feishu.Json;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.LoadGenerator.Tests;

/// <summary>Builds what the emulator's <c>GET /emulator/instances</c> shows for an instance Feishu holds.</summary>
internal static class FeishuViews
{
    public static JsonObject Of(ExternalInstance instance)
    {
        var view = JsonSerializer.SerializeToNode(instance, FeishuJsonContext.Default.ExternalInstance)!.AsObject();
        view.Remove("update_mode");
        view["effective_update_time"] = view["update_time"]!.DeepClone();
        foreach (var list in new[] { "task_list", "cc_list" })
        {
            if (view[list] is not JsonArray items)
            {
                view[list] = new JsonArray();
                continue;
            }

            foreach (var item in items.OfType<JsonObject>())
            {
                item["effective_update_time"] = item["update_time"]?.DeepClone() ?? view["update_time"]!.DeepClone();
            }
        }

        return view;
    }

    public static Dictionary<string, JsonObject> Index(params JsonObject[] views) =>
        views.ToDictionary(v => v["instance_id"]!.GetValue<string>(), StringComparer.Ordinal);
}
