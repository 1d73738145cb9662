using System.Text.Json.Nodes;
using FeishuEmulator.Configuration;
using FeishuEmulator.Diagnostics;
using FeishuEmulator.Protocol;
using FeishuEmulator.State;
using FeishuEmulator.Validation;
using Microsoft.AspNetCore.Http;

namespace FeishuEmulator.Endpoints;

/// <summary><c>POST /open-apis/approval/v4/external_instances</c> (同步三方审批实例).</summary>
internal sealed class SyncHandler(FeishuEmulatorOptions options, FeishuSchemas schemas, ApprovalStore store, FaultSettings faults, EmulatorStats stats)
{
    public async Task<FeishuResponse> HandleAsync(HttpContext context, bool apply)
    {
        var request = await FeishuRequestPipeline.ReadBodyAsync(context);
        if (schemas.ValidateBody(FeishuSchemas.SyncSchema, request.Deserialize()) is { } schemaError)
        {
            throw FeishuErrorException.ParamInvalid(schemaError);
        }

        SyncPayloadRules.Check(request);
        var approvalCode = request["approval_code"]!.GetValue<string>();
        if (options.RequireKnownApprovalCode && !store.IsKnownApproval(approvalCode))
        {
            throw new FeishuErrorException(FeishuResponse.Error(400, FeishuCodes.ApprovalNotFound,
                $"approval not found: approval_code \"{approvalCode}\" was never created through external_approvals"));
        }

        var instanceId = request["instance_id"]!.GetValue<string>();
        var carriesCcs = request["cc_list"] is JsonArray { Count: > 0 };
        var ccOnly = carriesCcs && request["task_list"] is not JsonArray { Count: > 0 };
        if (apply && ccOnly && faults.TakeCcOnlyDrop())
        {
            apply = false;
            stats.CountFaultInjected(FeishuEndpointNames.Sync);
            stats.CountSilentlyDropped();
        }

        if (apply)
        {
            var outcome = store.Sync(request);
            if (outcome.InstanceApplied)
            {
                stats.CountSyncApplied();
                stats.CountLanded(instanceId);
            }
            else
            {
                stats.CountSyncIgnoredStale();
            }

            stats.CountEntitiesIgnoredStale(outcome.EntitiesIgnoredStale);
        }
        else if (carriesCcs)
        {
            stats.CountDroppedCcCall(instanceId, ccOnly);
        }

        // Feishu echoes the instance whether it applied it, ignored it as stale, or (silently) dropped it.
        return FeishuResponse.Success(new JsonObject { ["data"] = request.DeepClone() });
    }
}
