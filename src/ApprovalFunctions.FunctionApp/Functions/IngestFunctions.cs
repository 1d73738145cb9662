using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions;

/// <summary>
/// POST /api/instances and /api/instances/batch: validate (the reader), merge into desired state and nudge (the ingestor).
/// A storage failure propagates, so the caller gets a 5xx and retries: never 2xx for something not durably stored.
/// </summary>
public sealed class IngestFunctions(IIngestRequestReader reader, IInstanceIngestor ingestor, ApprovalMetrics metrics)
{
    [Function("IngestInstance")]
    public async Task<IActionResult> IngestInstanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Prefix + "instances")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        metrics.Received();
        var read = await reader.ReadInstanceAsync(request, cancellationToken).ConfigureAwait(false);
        if (!read.IsValid || read.Instance is null)
        {
            metrics.Rejected(read.StatusCode);
            return read.ToErrorResult();
        }

        var outcome = await ingestor.IngestAsync(read.Instance, cancellationToken).ConfigureAwait(false);
        if (!outcome.IsAccepted)
        {
            var status = StatusOf(outcome);
            metrics.Rejected(status);
            return IngestErrorResults.ToErrorResult(status, [ProblemOf(outcome)]);
        }

        return Json(new IngestAcceptedBody(outcome.InstanceId, outcome.OutcomeName, outcome.DesiredVersion), StatusCodes.Status202Accepted);
    }

    [Function("IngestInstanceBatch")]
    public async Task<IActionResult> IngestInstanceBatchAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Prefix + "instances/batch")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var read = await reader.ReadBatchAsync(request, cancellationToken).ConfigureAwait(false);
        if (!read.IsEnvelopeValid)
        {
            metrics.Received();
            metrics.Rejected(read.StatusCode);
            return IngestErrorResults.ToErrorResult(read.StatusCode, read.Problems);
        }

        var results = new List<IngestBatchItemResult>(read.Items.Count);
        for (var index = 0; index < read.Items.Count; index++)
        {
            metrics.Received();
            var item = read.Items[index];
            if (!item.IsValid || item.Instance is null)
            {
                metrics.Rejected(item.StatusCode);
                results.Add(new IngestBatchItemResult(index, item.StatusCode, null, null, null, "The item is not a valid Feishu third-party instance.", item.Problems));
                continue;
            }

            var outcome = await ingestor.IngestAsync(item.Instance, cancellationToken).ConfigureAwait(false);
            if (outcome.IsAccepted)
            {
                results.Add(new IngestBatchItemResult(index, StatusCodes.Status202Accepted, outcome.InstanceId, outcome.OutcomeName, outcome.DesiredVersion, null, null));
            }
            else
            {
                var status = StatusOf(outcome);
                metrics.Rejected(status);
                results.Add(new IngestBatchItemResult(index, status, outcome.InstanceId, outcome.OutcomeName, null, outcome.Message, [ProblemOf(outcome)]));
            }
        }

        return Json(new IngestBatchBody(results), StatusCodes.Status200OK);
    }

    private static int StatusOf(IngestOutcome outcome) => outcome.Kind switch
    {
        IngestOutcomeKind.Conflict => StatusCodes.Status409Conflict,
        IngestOutcomeKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        _ => throw new InvalidOperationException($"Outcome {outcome.Kind} is not a refusal."),
    };

    private static IngestProblem ProblemOf(IngestOutcome outcome) =>
        new(outcome.ProblemPath ?? "$", outcome.Message ?? "The change was refused.");

    private static JsonResult Json(object body, int statusCode) =>
        new(body, ReadableJson.Core) { StatusCode = statusCode, ContentType = "application/json; charset=utf-8" };
}
