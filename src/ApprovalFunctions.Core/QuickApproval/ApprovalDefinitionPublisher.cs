using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>
/// Creates or updates the third-party approval definition in Feishu (<c>POST /open-apis/approval/v4/external_approvals</c>)
/// from an operator's body plus the app's settings: <c>action_callback_url</c> is the app's own callback route (under
/// <see cref="CallbackOptions.PublicBaseUrl"/>, else the base URL the operator called), token and key are the configured
/// ones. Feishu failures surface as <see cref="FeishuApiException"/>.
/// </summary>
public sealed class ApprovalDefinitionPublisher(IFeishuApprovalClient feishu, IOptions<CallbackOptions> options)
{
    /// <summary>The callback function's route under the host's <c>api</c> prefix.</summary>
    public const string CallbackPath = "api/feishu/actions";

    public const int MaxApprovalCodeLength = 128;

    public async Task<OperatorOutcome<ApprovalDefinitionPublished>> PublishAsync(ApprovalDefinitionRequest request, Uri requestBaseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(requestBaseUrl);
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            return OperatorOutcome<ApprovalDefinitionPublished>.Failure(OperatorStatus.Conflict,
                "Quick approval is not configured: set Callback__SourceUrl, Callback__Token and Callback__SourceSecret (and Callback__Key to encrypt) first.");
        }

        if (Problem(request) is { } problem)
        {
            return OperatorOutcome<ApprovalDefinitionPublished>.Failure(OperatorStatus.BadRequest, problem.Error, problem.Field);
        }

        var callbackUrl = CallbackUrl(settings.PublicBaseUri ?? requestBaseUrl);
        var external = request.External!;
        var definition = new ExternalApprovalDefinition
        {
            ApprovalName = request.ApprovalName!,
            ApprovalCode = request.ApprovalCode!,
            GroupCode = request.GroupCode!,
            GroupName = request.GroupName,
            Viewers = request.Viewers,
            I18nResources = request.I18nResources,
            Managers = request.Managers,
            External = new ExternalApprovalSettings
            {
                BizName = external.BizName,
                BizType = external.BizType,
                CreateLinkMobile = external.CreateLinkMobile,
                CreateLinkPc = external.CreateLinkPc,
                SupportPc = external.SupportPc,
                SupportMobile = external.SupportMobile,
                SupportBatchRead = external.SupportBatchRead,
                EnableMarkReaded = external.EnableMarkReaded,
                EnableQuickOperate = external.EnableQuickOperate,
                AllowBatchOperate = external.AllowBatchOperate,
                ExcludeEfficiencyStatistics = external.ExcludeEfficiencyStatistics,
                ActionCallbackUrl = callbackUrl,
                ActionCallbackToken = settings.Token,
                ActionCallbackKey = string.IsNullOrEmpty(settings.Key) ? null : settings.Key,
            },
        };

        var result = await feishu.CreateExternalApprovalAsync(definition, cancellationToken);
        return OperatorOutcome<ApprovalDefinitionPublished>.Success(new ApprovalDefinitionPublished(
            result.Data.ApprovalCode ?? definition.ApprovalCode, callbackUrl, definition.External.ActionCallbackKey is not null, result.LogId));
    }

    public static string CallbackUrl(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + CallbackPath;
    }

    private static OperatorError? Problem(ApprovalDefinitionRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.ApprovalCode) || request.ApprovalCode.Length > MaxApprovalCodeLength)
        {
            return new($"approval_code is required: 1 to {MaxApprovalCodeLength} characters.", "$.approval_code");
        }

        if (string.IsNullOrWhiteSpace(request.ApprovalName))
        {
            return new("approval_name is required (text or an @i18n@ key).", "$.approval_name");
        }

        if (string.IsNullOrWhiteSpace(request.GroupCode))
        {
            return new("group_code is required.", "$.group_code");
        }

        if (request.External is not { } external)
        {
            return new("external is required (links, support_pc, support_mobile, ...).", "$.external");
        }

        foreach (var (value, field) in new[]
        {
            (external.ActionCallbackUrl, "action_callback_url"),
            (external.ActionCallbackToken, "action_callback_token"),
            (external.ActionCallbackKey, "action_callback_key"),
        })
        {
            if (value is not null)
            {
                return new($"{field} is set by the app (the callback route, Callback__Token and Callback__Key): leave it out.", $"$.external.{field}");
            }
        }

        return null;
    }
}
