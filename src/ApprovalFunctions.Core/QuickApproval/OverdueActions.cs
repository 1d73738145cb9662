using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;
using Microsoft.Extensions.Options;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>
/// Tasks whose action the source accepted more than <see cref="CallbackOptions.CompletionGrace"/> ago while desired
/// state still shows them PENDING: the source acted but never synced the new status back. Reads only the awaiting
/// index below the grace bound; rows whose status came back (or whose instance was purged) are dropped on the way, so
/// the index holds what is still awaited plus what resolved since the last listing, never the history.
/// </summary>
public sealed class OverdueActions(IQuickActionLog actionLog, IInstanceStateStore store, IOptions<CallbackOptions> options, TimeProvider timeProvider)
{
    /// <summary>Awaiting rows read per listing at most; the answer says when there were more.</summary>
    public const int MaxScanned = 1000;

    /// <summary>Feishu's word for the task status desired state still holds.</summary>
    public static readonly string StillPending = FeishuVocabulary.NameOf(TaskStatus.Pending);

    public const string UnknownInstance = "unknown_instance";
    public const string UnknownTask = "unknown_task";

    public async Task<OverdueActionsReport> ListAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var grace = options.Value.CompletionGrace;
        var desiredByInstance = new Dictionary<string, DesiredState?>(StringComparer.Ordinal);
        var overdue = new List<OverdueAction>();
        var resolved = 0;
        var scanned = 0;
        var truncated = false;
        await foreach (var action in actionLog.ListAwaitingAsync(now - grace, cancellationToken))
        {
            if (scanned++ == MaxScanned)
            {
                truncated = true;
                break;
            }

            if (!desiredByInstance.TryGetValue(action.InstanceId, out var desired))
            {
                desired = (await store.LoadAsync(action.InstanceId, cancellationToken)).Desired?.Document;
                desiredByInstance[action.InstanceId] = desired;
            }

            if (StatusOf(desired, action.TaskId) is { } status)
            {
                overdue.Add(new OverdueAction(
                    action.InstanceId, action.TaskId, action.ActionType, action.ApprovalCode ?? desired?.ApprovalCode,
                    action.AcceptedAt, (long)(now - action.AcceptedAt).TotalSeconds, status, action.WebhookId));
            }
            else
            {
                await actionLog.RemoveAwaitingAsync(action, cancellationToken);
                resolved++;
            }
        }

        return new OverdueActionsReport((long)grace.TotalSeconds, overdue.Count, overdue, resolved, truncated);
    }

    /// <summary>Why the action is still awaited, or null when its status came back (or the instance was purged).</summary>
    private static string? StatusOf(DesiredState? desired, string taskId)
    {
        if (desired is null)
        {
            return UnknownInstance;
        }

        if (desired.Purged)
        {
            return null;
        }

        var task = desired.Instance.TaskList?.FirstOrDefault(t => t.TaskId == taskId);
        return task is null ? UnknownTask : task.Status == TaskStatus.Pending ? StillPending : null;
    }
}

/// <summary>The answer of <c>GET /api/ops/actions/overdue</c>.</summary>
/// <param name="Resolved">Awaiting rows dropped by this listing because their status had come back.</param>
public sealed record OverdueActionsReport(long CompletionGraceSeconds, int Count, IReadOnlyList<OverdueAction> Overdue, int Resolved, bool Truncated);

/// <param name="DesiredTaskStatus">PENDING, or <see cref="OverdueActions.UnknownInstance"/> / <see cref="OverdueActions.UnknownTask"/> when the source never sent them here.</param>
public sealed record OverdueAction(
    string InstanceId,
    string TaskId,
    string ActionType,
    string? ApprovalCode,
    DateTimeOffset AcceptedAt,
    long WaitingSeconds,
    string DesiredTaskStatus,
    string WebhookId);
