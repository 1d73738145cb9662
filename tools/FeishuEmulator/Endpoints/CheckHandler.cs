using System.Text.Json.Nodes;
using FeishuEmulator.Protocol;
using FeishuEmulator.State;
using FeishuEmulator.Validation;
using Microsoft.AspNetCore.Http;

namespace FeishuEmulator.Endpoints;

/// <summary><c>POST /open-apis/approval/v4/external_instances/check</c> (校验三方审批实例).</summary>
internal sealed class CheckHandler(FeishuSchemas schemas, ApprovalStore store)
{
    public async Task<FeishuResponse> HandleAsync(HttpContext context, bool apply)
    {
        var request = await FeishuRequestPipeline.ReadBodyAsync(context);
        if (schemas.ValidateBody(FeishuSchemas.CheckSchema, request.Deserialize()) is { } schemaError)
        {
            throw FeishuErrorException.ParamInvalid(schemaError);
        }

        var instances = (JsonArray)request["instances"]!;
        var claimed = new List<CheckedInstance>(instances.Count);
        for (var i = 0; i < instances.Count; i++)
        {
            var instance = (JsonObject)instances[i]!;
            var path = $"instances[{i}]";
            var instanceId = instance["instance_id"]!.GetValue<string>();
            if (string.IsNullOrEmpty(instanceId))
            {
                throw FeishuErrorException.ParamInvalid($"{path}.instance_id must not be empty");
            }

            var tasks = (JsonArray)instance["tasks"]!;
            var claimedTasks = new List<(string, long)>(tasks.Count);
            for (var t = 0; t < tasks.Count; t++)
            {
                claimedTasks.Add((tasks[t]!["task_id"]!.GetValue<string>(),
                    SyncPayloadRules.ParseTime(tasks[t]!["update_time"], $"{path}.tasks[{t}].update_time")));
            }

            claimed.Add(new CheckedInstance(instanceId, SyncPayloadRules.ParseTime(instance["update_time"], $"{path}.update_time"), claimedTasks));
        }

        return FeishuResponse.Success(new JsonObject { ["diff_instances"] = store.Check(claimed) });
    }
}
