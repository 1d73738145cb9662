using System.Net;
using ApprovalFunctions.Core.Requests;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Reads, authenticates and validates an ingest request before anything is stored: content type (415),
/// body size cap (413), a body that arrives too slowly (408) or breaks off (400), Standard Webhooks signature when
/// configured (401), JSON, Unicode text and Feishu's rules (400). Never throws for bad input.
/// </summary>
public interface IIngestRequestReader
{
    /// <summary>POST /api/instances: one Feishu sync body.</summary>
    Task<IngestReadResult> ReadInstanceAsync(IncomingRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// One Feishu sync body from a caller already authenticated another way (the Feishu-compatible surface's bearer
    /// token): every check of <see cref="ReadInstanceAsync"/> but the webhook signature, which Feishu's SDKs cannot send.
    /// </summary>
    Task<IngestReadResult> ReadUnsignedInstanceAsync(IncomingRequest request, CancellationToken cancellationToken);

    /// <summary>POST /api/instances/batch: <c>{"instances":[...]}</c>, up to 100, each validated on its own.</summary>
    Task<IngestBatchReadResult> ReadBatchAsync(IncomingRequest request, CancellationToken cancellationToken);
}

/// <summary>One problem with a request, by JSON path (<c>$.task_list[3].update_time</c>) or header name.</summary>
public sealed record IngestProblem(string Path, string Message);

/// <summary>The outcome of reading one instance: the validated instance, or the status and every problem.</summary>
public sealed record IngestReadResult(int StatusCode, ExternalInstance? Instance, IReadOnlyList<IngestProblem> Problems)
{
    public bool IsValid => Instance is not null && Problems.Count == 0;

    public static IngestReadResult Valid(ExternalInstance instance) => new((int)HttpStatusCode.OK, instance, []);

    public static IngestReadResult Invalid(int statusCode, IReadOnlyList<IngestProblem> problems) => new(statusCode, null, problems);
}

/// <summary>
/// The outcome of reading a batch. <see cref="StatusCode"/> and <see cref="Problems"/> are about the envelope
/// (content type, size, signature, JSON, the instances array); when the envelope is fine, each item has its own result.
/// </summary>
public sealed record IngestBatchReadResult(int StatusCode, IReadOnlyList<IngestReadResult> Items, IReadOnlyList<IngestProblem> Problems)
{
    public bool IsEnvelopeValid => Problems.Count == 0;
}
