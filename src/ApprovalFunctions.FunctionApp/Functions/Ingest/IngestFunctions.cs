using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.FunctionApp.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Ingest;

/// <summary>
/// POST /api/instances and /api/instances/batch: validate (the reader), merge into desired state and nudge (the ingestor).
/// A storage failure propagates, so the caller gets a 5xx and retries: never 2xx for something not durably stored.
/// </summary>
public sealed class IngestFunctions(IIngestRequestReader reader, IInstanceIngestor ingestor, IncomingRequests incoming, ApprovalMetrics metrics)
{
    [Function("IngestInstance")]
    public async Task<IActionResult> IngestInstanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Prefix + "instances")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        metrics.Received();
        var read = await reader.ReadInstanceAsync(incoming.From(request), cancellationToken).ConfigureAwait(false);
        if (!read.IsValid || read.Instance is null)
        {
            metrics.Rejected(read.StatusCode);
            return IngestProblems.Result(request, read.StatusCode, read.Problems);
        }

        var outcome = await ingestor.IngestAsync(read.Instance, cancellationToken).ConfigureAwait(false);
        if (!outcome.IsAccepted)
        {
            metrics.Rejected(outcome.StatusCode);
            return ProblemResults.Result(request, outcome.StatusCode, outcome.Message ?? IngestProblems.Summary(outcome.StatusCode), [outcome.Problem]);
        }

        return Json(new IngestAcceptedBody(outcome.InstanceId, outcome.OutcomeName, outcome.DesiredVersion), StatusCodes.Status202Accepted);
    }

    [Function("IngestInstanceBatch")]
    public async Task<IActionResult> IngestInstanceBatchAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Prefix + "instances/batch")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var read = await reader.ReadBatchAsync(incoming.From(request), cancellationToken).ConfigureAwait(false);
        if (!read.IsEnvelopeValid)
        {
            metrics.Received();
            metrics.Rejected(read.StatusCode);
            return IngestProblems.Result(request, read.StatusCode, read.Problems);
        }

        var items = await ingestor.IngestBatchAsync(read.Items, cancellationToken);
        return Json(new IngestBatchBody([.. items.Select(IngestBatchItemResult.From)]), StatusCodes.Status200OK);
    }

    private static JsonResult Json(object body, int statusCode) =>
        new(body, FunctionAppJson.Options) { StatusCode = statusCode, ContentType = "application/json; charset=utf-8" };
}
