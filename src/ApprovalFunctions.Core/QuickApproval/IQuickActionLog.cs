namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>
/// The <c>quickactions</c> table: per instance (partition = encoded instance id) every relayed action, and the
/// <see cref="Storage.Tables.QuickActionsTable.AwaitingPartition"/> index of accepted actions whose status has not come back yet.
/// </summary>
public interface IQuickActionLog
{
    /// <summary>Writes the action's history row and, when the source accepted an action on a known task, its awaiting row.</summary>
    Task RecordAsync(QuickActionRecord record, CancellationToken cancellationToken);

    /// <summary>The instance's recorded actions, oldest first, at most <paramref name="max"/> (the newest).</summary>
    Task<IReadOnlyList<QuickActionRecord>> ListAsync(string instanceId, int max, CancellationToken cancellationToken);

    /// <summary>
    /// The instance's actions received at or after <paramref name="receivedSince"/>, oldest first, at most
    /// <paramref name="max"/> (the newest): the timeline's view, bounded by its retention and ring size.
    /// </summary>
    Task<IReadOnlyList<QuickActionRecord>> ListRecentAsync(string instanceId, DateTimeOffset receivedSince, int max, CancellationToken cancellationToken);

    /// <summary>Awaiting actions accepted before <paramref name="acceptedBefore"/>, oldest first.</summary>
    IAsyncEnumerable<AwaitingAction> ListAwaitingAsync(DateTimeOffset acceptedBefore, CancellationToken cancellationToken);

    /// <summary>Drops an awaiting row (its status came back); gone already is fine.</summary>
    Task RemoveAwaitingAsync(AwaitingAction action, CancellationToken cancellationToken);
}
