using ApprovalFunctions.Core.State;
using Azure;

namespace ApprovalFunctions.Core.Operations.Cleanup;

/// <summary>Clean-up runs and their items in the <c>operations</c> table (<see cref="Storage.Tables.OperationsTable"/>). Storage failures propagate.</summary>
public interface ICleanupRunStore
{
    /// <summary>Writes a new plan: the run row and one item row per target (state Planned).</summary>
    Task CreateAsync(CleanupRun run, IReadOnlyList<CleanupTarget> targets, CancellationToken cancellationToken);

    Task<StoredDocument<CleanupRun>?> GetAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Replaces the run row If-Match; false when another writer won.</summary>
    Task<bool> TryUpdateAsync(CleanupRun run, ETag ifMatch, CancellationToken cancellationToken);

    IAsyncEnumerable<CleanupItem> ListItemsAsync(string runId, CleanupItemState? state, CancellationToken cancellationToken);

    Task SaveItemAsync(CleanupItem item, CancellationToken cancellationToken);
}
