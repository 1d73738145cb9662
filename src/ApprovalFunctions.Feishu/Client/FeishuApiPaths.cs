namespace ApprovalFunctions.Feishu.Client;

/// <summary>
/// Feishu endpoints, relative to <see cref="FeishuOptions.BaseUrl"/>. They have no leading slash so that a
/// base URL with a path (an emulator or a proxy under a prefix) keeps its prefix.
/// </summary>
public static class FeishuApiPaths
{
    public const string TenantAccessToken = "open-apis/auth/v3/tenant_access_token/internal";
    public const string ExternalInstances = "open-apis/approval/v4/external_instances";
    public const string CheckExternalInstances = "open-apis/approval/v4/external_instances/check";
    public const string UserTasks = "open-apis/approval/v4/tasks/query";
    public const string ExternalTasks = "open-apis/approval/v4/external_tasks";
    public const string ExternalApprovals = "open-apis/approval/v4/external_approvals";
}
