namespace FeishuEmulator.Protocol;

/// <summary>Names and paths of the emulated Feishu endpoints; the names key the stats.</summary>
public static class FeishuEndpointNames
{
    public const string Token = "token";
    public const string Sync = "sync";
    public const string Check = "check";
    public const string TasksQuery = "tasks_query";
    public const string ExternalTasks = "external_tasks";
    public const string ExternalApprovals = "external_approvals";

    public const string TokenPath = "/open-apis/auth/v3/tenant_access_token/internal";
    public const string SyncPath = "/open-apis/approval/v4/external_instances";
    public const string CheckPath = "/open-apis/approval/v4/external_instances/check";
    public const string TasksQueryPath = "/open-apis/approval/v4/tasks/query";
    public const string ExternalTasksPath = "/open-apis/approval/v4/external_tasks";
    public const string ExternalApprovalsPath = "/open-apis/approval/v4/external_approvals";
}
