using System.Text.Json.Serialization;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.FunctionApp.Http;

namespace ApprovalFunctions.FunctionApp.Functions.Ingest;

/// <summary>The 202 answer to an accepted change: <c>{instance_id, outcome: queued|stale|duplicate, desired_version}</c>.</summary>
public sealed record IngestAcceptedBody(
    [property: JsonPropertyName("instance_id")] string InstanceId,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("desired_version")] long DesiredVersion);

/// <summary>The batch answer: one result per item, in the order sent.</summary>
public sealed record IngestBatchBody([property: JsonPropertyName("results")] IReadOnlyList<IngestBatchItemResult> Results);

/// <summary>
/// One item of a batch: its status as the single endpoint would answer it, and either the outcome or, for a refused item,
/// the members of a problem object (<c>type</c>, <c>title</c>, <c>detail</c>, <c>problems</c>) beside its index.
/// </summary>
public sealed record IngestBatchItemResult(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("instance_id")] string? InstanceId,
    [property: JsonPropertyName("outcome")] string? Outcome,
    [property: JsonPropertyName("desired_version")] long? DesiredVersion,
    [property: JsonPropertyName("type")] string? Type = null,
    [property: JsonPropertyName("title")] string? Title = null,
    [property: JsonPropertyName("detail")] string? Detail = null,
    [property: JsonPropertyName("problems")] IReadOnlyList<IngestProblem>? Problems = null)
{
    public static IngestBatchItemResult From(IngestBatchItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Outcome is { IsAccepted: true } accepted)
        {
            return new(item.Index, item.StatusCode, accepted.InstanceId, accepted.OutcomeName, accepted.DesiredVersion);
        }

        var problem = ProblemResults.Body(item.StatusCode, item.Outcome?.Message ?? "The item is not a valid Feishu third-party instance.", item.Problems);
        return new(item.Index, item.StatusCode, item.Outcome?.InstanceId, item.Outcome?.OutcomeName, null, problem.Type, problem.Title, problem.Detail, problem.Problems);
    }
}
