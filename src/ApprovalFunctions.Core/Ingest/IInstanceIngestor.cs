using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Merges one validated change into desired state, records it in the indexes and nudges the sync.
/// Storage failures propagate (the function answers 5xx): never an accepted outcome for something not durably stored.
/// </summary>
public interface IInstanceIngestor
{
    Task<IngestOutcome> IngestAsync(ExternalInstance change, CancellationToken cancellationToken);

    /// <summary>
    /// A batch's items in the order sent, each on its own: an invalid item keeps its problems, a valid one is merged.
    /// Counts each item as received, and each refused one with its status. A storage failure propagates (nothing after it is
    /// merged, and the caller retries the batch: items already merged come back as duplicates).
    /// </summary>
    Task<IReadOnlyList<IngestBatchItem>> IngestBatchAsync(IReadOnlyList<IngestReadResult> items, CancellationToken cancellationToken);
}
