using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Feishu.Client;

/// <summary>
/// Feishu's third-party approval API. Every call is authenticated, rate-limited and retried on
/// transient failures; a failure that remains surfaces as <see cref="FeishuApiException"/>.
/// </summary>
public interface IFeishuApprovalClient
{
    /// <summary>Sync one instance (同步三方审批实例). Code 0 does not mean applied: in UPDATE mode Feishu silently ignores stale entities.</summary>
    Task<FeishuResult<SyncInstanceResponse>> SyncInstanceAsync(ExternalInstance instance, CancellationToken cancellationToken);

    /// <summary>Check instances (校验三方审批实例): returns what Feishu holds differently from what we sent.</summary>
    Task<FeishuResult<CheckInstancesResponse>> CheckInstancesAsync(CheckInstancesRequest request, CancellationToken cancellationToken);

    /// <summary>One page of a user's tasks (查询用户的任务列表).</summary>
    Task<FeishuResult<UserTasksPage>> QueryUserTasksAsync(UserTasksQuery query, CancellationToken cancellationToken);

    /// <summary>One page of third-party tasks' status (获取三方审批任务状态).</summary>
    Task<FeishuResult<ExternalTasksPage>> ListExternalTasksAsync(ExternalTasksQuery query, CancellationToken cancellationToken);

    /// <summary>Create or update a third-party approval definition.</summary>
    Task<FeishuResult<CreateExternalApprovalResponse>> CreateExternalApprovalAsync(ExternalApprovalDefinition definition, CancellationToken cancellationToken);
}

/// <summary>A successful call's data with Feishu's X-Tt-Logid, which Feishu support asks for.</summary>
public sealed record FeishuResult<T>(T Data, string? LogId);
