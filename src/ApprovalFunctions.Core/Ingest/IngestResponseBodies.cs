using System.Text.Json.Serialization;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>The 202 answer to an accepted change: <c>{instance_id, outcome: queued|stale|duplicate, desired_version}</c>.</summary>
public sealed record IngestAcceptedBody(
    [property: JsonPropertyName("instance_id")] string InstanceId,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("desired_version")] long DesiredVersion);

/// <summary>The batch answer: one result per item, in the order sent.</summary>
public sealed record IngestBatchBody([property: JsonPropertyName("results")] IReadOnlyList<IngestBatchItemResult> Results);

/// <summary>One item of a batch: its status as the single endpoint would answer it, and either the outcome or the problems.</summary>
public sealed record IngestBatchItemResult(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("instance_id")] string? InstanceId,
    [property: JsonPropertyName("outcome")] string? Outcome,
    [property: JsonPropertyName("desired_version")] long? DesiredVersion,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("problems")] IReadOnlyList<IngestProblem>? Problems);
