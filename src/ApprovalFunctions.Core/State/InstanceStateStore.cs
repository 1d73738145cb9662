using ApprovalFunctions.Core.Json;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Core.Storage.Tables;
using Azure;

namespace ApprovalFunctions.Core.State;

/// <inheritdoc />
/// <remarks>
/// Owns no table: each read or write goes through the table type that owns the table (<see cref="InstancesTable"/>,
/// <see cref="ChangeIndexTable"/>, <see cref="SweepIndexTable"/>, <see cref="SyncIssuesTable"/>); this class adds the
/// read-modify-write loops and the order of writes that span them.
/// </remarks>
public sealed class InstanceStateStore(
    InstancesTable instances,
    ChangeIndexTable changeIndex,
    SweepIndexTable sweepIndex,
    SyncIssuesTable syncIssues,
    TimeProvider timeProvider) : IInstanceStateStore
{
    private const int MaxUpdateAttempts = 10;

    public Task<InstanceState> LoadAsync(string instanceId, CancellationToken cancellationToken) =>
        instances.LoadAsync(instanceId, cancellationToken);

    public Task<ETag?> TrySaveDesiredAsync(DesiredState desired, ETag? ifMatch, CancellationToken cancellationToken) =>
        instances.TrySaveDesiredAsync(desired, ChunkedProperty.Encode(desired, CoreJsonContext.Default.DesiredState), ifMatch, cancellationToken);

    public Task<ETag?> TrySaveDesiredAsync(DesiredState desired, EncodedDocument document, ETag? ifMatch, CancellationToken cancellationToken) =>
        instances.TrySaveDesiredAsync(desired, document, ifMatch, cancellationToken);

    public Task<ETag?> TrySaveSyncedAsync(SyncedState synced, ETag? ifMatch, CancellationToken cancellationToken) =>
        instances.TrySaveSyncedAsync(synced, ifMatch, cancellationToken);

    public async Task<StoredDocument<SyncedState>?> UpdateSyncedAsync(string instanceId, Func<InstanceState, SyncedState?> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            var state = await LoadAsync(instanceId, cancellationToken);
            var updated = update(state);
            if (updated is null)
            {
                return state.Synced;
            }

            var etag = await TrySaveSyncedAsync(updated, state.Synced?.ETag, cancellationToken);
            if (etag is { } written)
            {
                return new StoredDocument<SyncedState>(updated, written);
            }
        }

        throw new ConcurrencyConflictException($"The watermarks of instance '{instanceId}' changed under {MaxUpdateAttempts} updates in a row.");
    }

    public async Task RecordChangeAsync(DesiredState desired, IndexRows rows, DateTimeOffset changedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (rows.ChangeIndex)
        {
            await changeIndex.RecordAsync(desired.InstanceId, desired.DesiredVersion, changedAt, cancellationToken);
        }

        if (rows.SweepIndex)
        {
            await sweepIndex.RecordAsync(desired, changedAt, cancellationToken);
        }
    }

    public IAsyncEnumerable<ChangeIndexEntry> ListChangesAsync(DateTimeOffset minute, CancellationToken cancellationToken) =>
        changeIndex.ReadMinuteAsync(minute, cancellationToken);

    public Task SetIssueAsync(SyncIssue issue, CancellationToken cancellationToken) =>
        syncIssues.SetAsync(issue, cancellationToken);

    public async Task MarkLaggingAsync(string instanceId, string reason, long desiredVersion, CancellationToken cancellationToken)
    {
        // The watermarks learn of the row first, so the sync that catches up knows to delete it (and no sync deletes blindly).
        await UpdateSyncedAsync(instanceId, state => state.Synced?.Document.LaggingIssue == true ? null : state.SyncedOrEmpty with { LaggingIssue = true }, cancellationToken);
        await SetIssueAsync(new SyncIssue(SyncIssueKind.Lagging, instanceId, reason, desiredVersion, timeProvider.GetUtcNow()), cancellationToken);
    }

    public async Task ClearIssuesAsync(string instanceId, IReadOnlyCollection<SyncIssueKind> kinds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        foreach (var kind in kinds)
        {
            await syncIssues.DeleteAsync(instanceId, kind, cancellationToken);
        }
    }

    public IAsyncEnumerable<SyncIssue> ListIssuesAsync(SyncIssueKind kind, CancellationToken cancellationToken) =>
        syncIssues.ListAsync(kind, cancellationToken);

    public IAsyncEnumerable<SyncIssue> ListParkedAsync(CancellationToken cancellationToken) => ListIssuesAsync(SyncIssueKind.Parked, cancellationToken);
}
