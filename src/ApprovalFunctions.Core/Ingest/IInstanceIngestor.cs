using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Merges one validated change into desired state, records it in the indexes and nudges the sync.
/// Storage failures propagate (the function answers 5xx): never an accepted outcome for something not durably stored.
/// </summary>
public interface IInstanceIngestor
{
    Task<IngestOutcome> IngestAsync(ExternalInstance change, CancellationToken cancellationToken);
}
