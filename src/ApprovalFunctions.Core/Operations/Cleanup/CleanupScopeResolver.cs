using ApprovalFunctions.Core.Operations.UserTasks;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Tables;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Operations.Cleanup;

/// <summary>Turns a scope into the instances it covers now.</summary>
public interface ICleanupScopeResolver
{
    Task<CleanupResolution> ResolveAsync(CleanupScope scope, CancellationToken cancellationToken);
}

/// <inheritdoc />
/// <remarks>
/// Named ids are looked up one by one; an approval code or "all" scans the catalog; users' Feishu task lists (topics 1,
/// 2, 3, 17, 18) add the third-party instances they show, with the approval code Feishu reports when we do not know the
/// instance. A named id that neither we nor those lists know cannot be wiped (its approval code is unknown): it is
/// reported as not found.
/// </remarks>
public sealed class CleanupScopeResolver(IInstanceStateStore store, IInstanceCatalog catalog, FeishuTaskLister lister) : ICleanupScopeResolver
{
    public async Task<CleanupResolution> ResolveAsync(CleanupScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var targets = new Dictionary<string, CleanupTarget>(StringComparer.Ordinal);

        if (scope.All || scope.ApprovalCode is not null)
        {
            await foreach (var entry in catalog.ListAsync(scope.All ? null : scope.ApprovalCode, cancellationToken))
            {
                targets[entry.InstanceId] = new CleanupTarget(entry.InstanceId, entry.ApprovalCode, true, entry.Purged);
            }
        }

        var unresolved = new List<string>();
        foreach (var instanceId in scope.InstanceIds)
        {
            var desired = (await store.LoadAsync(instanceId, cancellationToken)).Desired?.Document;
            if (desired is null)
            {
                unresolved.Add(instanceId);
            }
            else
            {
                targets[instanceId] = new CleanupTarget(instanceId, desired.ApprovalCode, true, desired.Purged);
            }
        }

        var discovered = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in scope.DiscoverUsers)
        {
            foreach (var topic in UserTaskTopics.All)
            {
                var listing = await lister.ListAsync(user.UserId, user.UserIdType, topic, cancellationToken);
                foreach (var task in listing.Tasks.Where(t => !string.IsNullOrEmpty(t.ProcessExternalId)))
                {
                    discovered.TryAdd(task.ProcessExternalId!, task.DefinitionCode ?? string.Empty);
                }
            }
        }

        foreach (var (instanceId, definitionCode) in discovered.Where(d => !targets.ContainsKey(d.Key)))
        {
            var desired = (await store.LoadAsync(instanceId, cancellationToken)).Desired?.Document;
            if (desired is not null)
            {
                targets[instanceId] = new CleanupTarget(instanceId, desired.ApprovalCode, true, desired.Purged);
            }
            else if (definitionCode.Length > 0)
            {
                targets[instanceId] = new CleanupTarget(instanceId, definitionCode, false, false);
            }
        }

        var notFound = unresolved.Where(id => !targets.ContainsKey(id)).ToList();
        return new CleanupResolution([.. targets.Values.OrderBy(t => t.InstanceId, StringComparer.Ordinal)], notFound);
    }
}
