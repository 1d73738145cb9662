using ApprovalFunctions.Core.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ApprovalFunctions.Core.Storage;

/// <summary>
/// Counts every request a Table or Queue client sends (<c>approvalfunctions.storage.operations</c>, tagged by service and
/// by <c>operation</c>: the HTTP method and the table or queue, e.g. <c>GET instances</c>, <c>DELETE syncissues</c>).
/// Added per retry, so a retried request counts each time it goes out: that is what storage bills and throttles.
/// </summary>
internal sealed class StorageOperationCountingPolicy(ApprovalMetrics metrics, string service) : HttpPipelineSynchronousPolicy
{
    public const string TableService = "table";
    public const string QueueService = "queue";

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        metrics.StorageOperation(service, Describe(message.Request.Method, message.Request.Uri.Path));
    }

    /// <summary>
    /// "GET instances" from <c>GET /devstoreaccount1/instances(PartitionKey='…',RowKey='…')</c> or <c>GET /instances()</c>;
    /// "POST instance-sync" from <c>POST /instance-sync/messages</c>. Keys are left out: they are unbounded.
    /// </summary>
    internal static string Describe(RequestMethod method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length switch
        {
            0 => "-",
            _ => segments.FirstOrDefault(s => StorageNames.Tables.Any(t => s.StartsWith(t, StringComparison.Ordinal)) || StorageNames.Queues.Contains(s, StringComparer.Ordinal)) ?? segments[^1],
        };
        var parenthesis = resource.IndexOf('(', StringComparison.Ordinal);
        return $"{method} {(parenthesis >= 0 ? resource[..parenthesis] : resource)}";
    }
}
