using ApprovalFunctions.Core.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ApprovalFunctions.Core.Storage;

/// <summary>
/// Counts every request a Table or Queue client sends (<c>approvalfunctions.storage.operations</c>, tagged by service).
/// Added per retry, so a retried request counts each time it goes out: that is what storage bills and throttles.
/// </summary>
internal sealed class StorageOperationCountingPolicy(ApprovalMetrics metrics, string service) : HttpPipelineSynchronousPolicy
{
    public const string TableService = "table";
    public const string QueueService = "queue";

    public override void OnSendingRequest(HttpMessage message) => metrics.StorageOperation(service);
}
