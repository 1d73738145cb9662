using System.Collections.Concurrent;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.IntegrationTests.Pipeline;

/// <summary>
/// A small in-test Feishu that applies Feishu's sync rules: REPLACE is the whole truth and is not time-checked;
/// UPDATE applies nothing unless the instance update_time is strictly newer, then each task and CC only when strictly
/// newer, and never removes. Failures can be scripted per instance.
/// </summary>
internal sealed class FakeFeishuApprovals : IFeishuApprovalClient
{
    private readonly ConcurrentDictionary<string, ExternalInstance> instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FeishuApiException>> scriptedFailures = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ExternalInstance> calls = new();
    private readonly Lock gate = new();

    public IReadOnlyList<ExternalInstance> Calls => [.. calls];

    public int CallsFor(string instanceId) => calls.Count(c => c.InstanceId == instanceId);

    public ExternalInstance? Held(string instanceId) => instances.TryGetValue(instanceId, out var held) ? held : null;

    /// <summary>The next calls for <paramref name="instanceId"/> fail with these, in order; later calls succeed.</summary>
    public void FailNext(string instanceId, params FeishuApiException[] failures)
    {
        var queue = scriptedFailures.GetOrAdd(instanceId, _ => new ConcurrentQueue<FeishuApiException>());
        foreach (var failure in failures)
        {
            queue.Enqueue(failure);
        }
    }

    public Task<FeishuResult<SyncInstanceResponse>> SyncInstanceAsync(ExternalInstance instance, CancellationToken cancellationToken)
    {
        calls.Enqueue(instance);
        if (scriptedFailures.TryGetValue(instance.InstanceId, out var failures) && failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        lock (gate)
        {
            var held = Held(instance.InstanceId);
            var stored = instance.EffectiveUpdateMode == UpdateMode.Replace || held is null
                ? instance with { UpdateMode = null }
                : ApplyUpdate(held, instance);
            instances[instance.InstanceId] = stored;
            return Task.FromResult(new FeishuResult<SyncInstanceResponse>(new SyncInstanceResponse { Data = stored }, $"log-{calls.Count}"));
        }
    }

    private static ExternalInstance ApplyUpdate(ExternalInstance held, ExternalInstance update)
    {
        if (update.UpdateTime <= held.UpdateTime)
        {
            return held;
        }

        var tasks = (held.TaskList ?? []).ToList();
        foreach (var task in update.TaskList ?? [])
        {
            var index = tasks.FindIndex(t => t.TaskId == task.TaskId);
            if (index < 0)
            {
                tasks.Add(task);
            }
            else if ((task.UpdateTime ?? 0) > (tasks[index].UpdateTime ?? 0))
            {
                tasks[index] = task;
            }
        }

        var ccs = (held.CcList ?? []).ToList();
        foreach (var cc in update.CcList ?? [])
        {
            var index = ccs.FindIndex(c => c.CcId == cc.CcId);
            if (index < 0)
            {
                ccs.Add(cc);
            }
            else if (cc.UpdateTime > ccs[index].UpdateTime)
            {
                ccs[index] = cc;
            }
        }

        // UPDATE cannot change the department: Feishu keeps the one it holds.
        return update with
        {
            UpdateMode = null,
            DepartmentId = held.DepartmentId,
            DepartmentName = held.DepartmentName,
            TaskList = tasks.Count > 0 ? tasks : null,
            CcList = ccs.Count > 0 ? ccs : null,
        };
    }

    public Task<FeishuResult<CheckInstancesResponse>> CheckInstancesAsync(CheckInstancesRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The sync pipeline does not call the check API; the reconciler's tests use the emulator.");

    public Task<FeishuResult<UserTasksPage>> QueryUserTasksAsync(UserTasksQuery query, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The sync pipeline does not query user tasks.");

    public Task<FeishuResult<ExternalTasksPage>> ListExternalTasksAsync(ExternalTasksQuery query, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The sync pipeline does not list external tasks.");

    public Task<FeishuResult<CreateExternalApprovalResponse>> CreateExternalApprovalAsync(ExternalApprovalDefinition definition, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The sync pipeline does not create approval definitions.");
}
