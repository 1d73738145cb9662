using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>
/// The body of <c>PUT /api/ops/approval-definition</c>: Feishu's definition body (name, group, links, i18n, viewers)
/// without the callback fields, which the app fills in from its settings so that nobody copies secrets by hand.
/// </summary>
public sealed record ApprovalDefinitionRequest
{
    public string? ApprovalCode { get; init; }

    public string? ApprovalName { get; init; }

    public string? GroupCode { get; init; }

    public string? GroupName { get; init; }

    public ApprovalDefinitionExternal? External { get; init; }

    public IReadOnlyList<ApprovalViewer>? Viewers { get; init; }

    public IReadOnlyList<I18nResource>? I18nResources { get; init; }

    public IReadOnlyList<string>? Managers { get; init; }
}

/// <summary>Feishu's <c>external</c> object; the three <c>action_callback_*</c> fields are refused here (the app sets them).</summary>
public sealed record ApprovalDefinitionExternal
{
    public string? BizName { get; init; }

    public string? BizType { get; init; }

    public string? CreateLinkMobile { get; init; }

    public string? CreateLinkPc { get; init; }

    public bool? SupportPc { get; init; }

    public bool? SupportMobile { get; init; }

    public bool? SupportBatchRead { get; init; }

    public bool? EnableMarkReaded { get; init; }

    public bool? EnableQuickOperate { get; init; }

    public bool? AllowBatchOperate { get; init; }

    public bool? ExcludeEfficiencyStatistics { get; init; }

    public string? ActionCallbackUrl { get; init; }

    public string? ActionCallbackToken { get; init; }

    public string? ActionCallbackKey { get; init; }
}

/// <summary>The answer: what Feishu now holds for quick approval (never the token or the key themselves).</summary>
public sealed record ApprovalDefinitionPublished(string ApprovalCode, string ActionCallbackUrl, bool Encrypted, string? LogId);
