namespace ApprovalFunctions.Feishu.Models;

/// <summary>Body of POST /open-apis/approval/v4/external_approvals: create or update a definition.</summary>
public sealed record ExternalApprovalDefinition
{
    public required string ApprovalName { get; init; }

    /// <summary>At most 128 characters.</summary>
    public required string ApprovalCode { get; init; }

    public required string GroupCode { get; init; }

    public string? GroupName { get; init; }

    public required ExternalApprovalSettings External { get; init; }

    public IReadOnlyList<ApprovalViewer>? Viewers { get; init; }

    public IReadOnlyList<I18nResource>? I18nResources { get; init; }

    public IReadOnlyList<string>? Managers { get; init; }
}

public sealed record ExternalApprovalSettings
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

    public string? ActionCallbackUrl { get; init; }

    public string? ActionCallbackToken { get; init; }

    public string? ActionCallbackKey { get; init; }

    public bool? AllowBatchOperate { get; init; }

    public bool? ExcludeEfficiencyStatistics { get; init; }
}

public sealed record ApprovalViewer
{
    /// <summary>TENANT, DEPARTMENT, USER or NONE.</summary>
    public string? ViewerType { get; init; }

    public string? ViewerUserId { get; init; }

    public string? ViewerDepartmentId { get; init; }
}

public sealed record CreateExternalApprovalResponse
{
    public string? ApprovalCode { get; init; }
}
