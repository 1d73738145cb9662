using System.Text.Json.Nodes;
using FeishuEmulator.Protocol;
using FeishuEmulator.State;
using FeishuEmulator.Validation;
using Microsoft.AspNetCore.Http;

namespace FeishuEmulator.Endpoints;

/// <summary><c>POST /open-apis/approval/v4/external_approvals</c>: creates or updates a third-party approval definition.</summary>
internal sealed class ExternalApprovalsHandler(FeishuSchemas schemas, ApprovalStore store)
{
    public const int MaxApprovalCodeLength = 128;

    public async Task<FeishuResponse> HandleAsync(HttpContext context, bool apply)
    {
        var query = FeishuRequestPipeline.ReadQuery(context);
        if (schemas.ValidateQuery(FeishuSchemas.ExternalApprovalsSchema, query.Deserialize()) is { } queryError)
        {
            throw FeishuErrorException.ParamInvalid(queryError);
        }

        var body = await FeishuRequestPipeline.ReadBodyAsync(context);
        if (schemas.ValidateBody(FeishuSchemas.ExternalApprovalsSchema, body.Deserialize()) is { } bodyError)
        {
            throw FeishuErrorException.ParamInvalid(bodyError);
        }

        var approvalCode = body["approval_code"]!.GetValue<string>();
        if (approvalCode.Length is 0 or > MaxApprovalCodeLength)
        {
            throw FeishuErrorException.ParamInvalid($"approval_code must hold 1 to {MaxApprovalCodeLength} characters, got {approvalCode.Length}");
        }

        store.SaveApproval(approvalCode, body);
        return FeishuResponse.Success(new JsonObject { ["approval_code"] = approvalCode });
    }
}
