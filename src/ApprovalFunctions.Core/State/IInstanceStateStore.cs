using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Core.Storage.Tables;
using Azure;

namespace ApprovalFunctions.Core.State;

/// <summary>
/// An instance's state and the index rows kept beside it: desired state and watermarks (<see cref="InstancesTable"/>),
/// <see cref="ChangeIndexTable"/>, <see cref="SweepIndexTable"/> and <see cref="SyncIssuesTable"/>. Every write of an instance row uses its ETag.
/// Storage failures propagate as <see cref="RequestFailedException"/>.
/// </summary>
public interface IInstanceStateStore
{
    /// <summary>Loads the desired and synced rows of one instance in one partition query.</summary>
    Task<InstanceState> LoadAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Writes desired state: insert when <paramref name="ifMatch"/> is null, else replace If-Match. Null when another writer won.</summary>
    Task<ETag?> TrySaveDesiredAsync(DesiredState desired, ETag? ifMatch, CancellationToken cancellationToken);

    /// <summary>The same, with <paramref name="document"/> already encoded (<see cref="ChunkedProperty.Encode{T}"/>) to check its size first.</summary>
    Task<ETag?> TrySaveDesiredAsync(DesiredState desired, EncodedDocument document, ETag? ifMatch, CancellationToken cancellationToken);

    /// <summary>Writes the watermarks: insert when <paramref name="ifMatch"/> is null, else replace If-Match. Null when another writer won.</summary>
    Task<ETag?> TrySaveSyncedAsync(SyncedState synced, ETag? ifMatch, CancellationToken cancellationToken);

    /// <summary>
    /// Read-modify-write of the watermarks, retried on ETag conflicts: <paramref name="update"/> gets the freshly loaded
    /// instance (empty watermarks when none exist) and returns the new watermarks, or null to leave them as they are.
    /// Returns the watermarks as stored afterwards.
    /// </summary>
    Task<StoredDocument<SyncedState>?> UpdateSyncedAsync(string instanceId, Func<InstanceState, SyncedState?> update, CancellationToken cancellationToken);

    /// <summary>Upserts the <c>changeindex</c> row of <paramref name="changedAt"/>'s minute and/or the <c>sweepindex</c> row of an accepted change, as <paramref name="rows"/> says.</summary>
    Task RecordChangeAsync(DesiredState desired, IndexRows rows, DateTimeOffset changedAt, CancellationToken cancellationToken);

    /// <summary>The instances changed in one UTC minute bucket of <c>changeindex</c>.</summary>
    IAsyncEnumerable<ChangeIndexEntry> ListChangesAsync(DateTimeOffset minute, CancellationToken cancellationToken);

    /// <summary>Upserts a <c>syncissues</c> row (lagging or parked).</summary>
    Task SetIssueAsync(SyncIssue issue, CancellationToken cancellationToken);

    /// <summary>
    /// Marks an instance as lagging, for rounds and operators to find without a scan: sets <see cref="SyncedState.LaggingIssue"/>
    /// in its watermarks (unless already set), then upserts the row.
    /// </summary>
    Task MarkLaggingAsync(string instanceId, string reason, long desiredVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the instance's <c>syncissues</c> rows of <paramref name="kinds"/>: those its watermarks say exist
    /// (<see cref="SyncedState.IssueRows"/>), so that no call is spent on a row that is not there.
    /// </summary>
    Task ClearIssuesAsync(string instanceId, IReadOnlyCollection<SyncIssueKind> kinds, CancellationToken cancellationToken);

    IAsyncEnumerable<SyncIssue> ListIssuesAsync(SyncIssueKind kind, CancellationToken cancellationToken);

    /// <summary>The parked instances, with Feishu's code, msg and log id.</summary>
    IAsyncEnumerable<SyncIssue> ListParkedAsync(CancellationToken cancellationToken);
}

/// <summary>Thrown when a read-modify-write lost to other writers too many times in a row.</summary>
public sealed class ConcurrencyConflictException(string message) : InvalidOperationException(message);
