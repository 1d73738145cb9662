using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.FunctionApp.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Ingest;

/// <summary>
/// POST /api/instances and /api/instances/batch: validate (the reader), merge into desired state and nudge (the ingestor).
/// A storage failure answers 500 (a problem, <see cref="ServerErrorProblems"/>) and the caller retries: never 2xx for
/// something not durably stored.
/// </summary>
public sealed class IngestFunctions(
    IIngestRequestReader reader,
    IInstanceIngestor ingestor,
    IncomingRequests incoming,
    ServerErrorProblems failures,
    ApprovalMetrics metrics)
{
    [Function("IngestInstance")]
    public Task<IActionResult> IngestInstanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Prefix + "instances")] HttpRequest request,
        CancellationToken cancellationToken) =>
        failures.AnswerAsync(request, "Ingest", () => IngestOneAsync(request, cancellationToken));

    [Function("IngestInstanceBatch")]
    public Task<IActionResult> IngestInstanceBatchAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Prefix + "instances/batch")] HttpRequest request,
        CancellationToken cancellationToken) =>
        failures.AnswerAsync(request, "Ingest batch", () => IngestBatchAsync(request, cancellationToken));

    private async Task<IActionResult> IngestOneAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        metrics.Received();
        var read = await reader.ReadInstanceAsync(incoming.From(request), cancellationToken);
        if (!read.IsValid || read.Instance is null)
        {
            metrics.Rejected(read.StatusCode);
            return IngestProblems.Result(request, read.StatusCode, read.Problems);
        }

        var outcome = await ingestor.IngestAsync(read.Instance, cancellationToken);
        if (!outcome.IsAccepted)
        {
            metrics.Rejected(outcome.StatusCode);
            return ProblemResults.Result(request, outcome.StatusCode, outcome.Message ?? IngestProblems.Summary(outcome.StatusCode), [outcome.Problem]);
        }

        return Json(new IngestAcceptedBody(outcome.InstanceId, outcome.OutcomeName, outcome.DesiredVersion), StatusCodes.Status202Accepted);
    }

    private async Task<IActionResult> IngestBatchAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var read = await reader.ReadBatchAsync(incoming.From(request), cancellationToken);
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
