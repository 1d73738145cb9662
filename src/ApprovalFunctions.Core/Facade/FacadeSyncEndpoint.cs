using System.Text.Json;
using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Feishu.Json;
using ApprovalFunctions.Feishu.Models;
using System.Net;
using ApprovalFunctions.Core.Requests;

namespace ApprovalFunctions.Core.Facade;

/// <summary>
/// <c>POST /open-apis/approval/v4/external_instances</c>: exactly what <c>POST /api/instances</c> does (the same reader,
/// validation, merge and nudge), answered as Feishu answers. Accepted changes, stale and duplicate ones included (Feishu too
/// answers code 0 to data it ignores), get code 0 and the instance echoed in <c>data.data</c>; anything a retry cannot fix
/// gets 400 / 1390001 naming the fields; storage failures propagate to the facade, which answers 2200 (retry).
/// </summary>
public sealed class FacadeSyncEndpoint(IIngestRequestReader reader, IInstanceIngestor ingestor, ApprovalMetrics metrics)
{
    public async Task<FacadeAnswer> HandleAsync(IncomingRequest request, string logId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        metrics.Received();
        var read = await reader.ReadUnsignedInstanceAsync(request, cancellationToken);
        if (!read.IsValid || read.Instance is null)
        {
            metrics.Rejected(read.StatusCode);
            return FacadeAnswer.ParamInvalid(Violations(read.Problems), logId);
        }

        var outcome = await ingestor.IngestAsync(read.Instance, cancellationToken);
        if (!outcome.IsAccepted)
        {
            metrics.Rejected(outcome.Kind == IngestOutcomeKind.Conflict ? (int)HttpStatusCode.Conflict : (int)HttpStatusCode.BadRequest);
            return FacadeAnswer.ParamInvalid([(FieldOf(outcome.ProblemPath ?? JsonPath.Root), outcome.Message ?? "The change was refused.")], logId);
        }

        var echo = JsonSerializer.SerializeToNode(new SyncInstanceResponse { Data = read.Instance }, FeishuJsonContext.Default.SyncInstanceResponse);
        return FacadeAnswer.Success(echo, logId);
    }

    /// <summary>Ingest's problems as Feishu names fields: <c>task_list[3].update_time</c>; the body itself, a header by name.</summary>
    internal static IReadOnlyList<(string Field, string Description)> Violations(IReadOnlyList<IngestProblem> problems) =>
        [.. problems.Select(p => (FieldOf(p.Path), p.Message))];

    private static string FieldOf(string path) => path switch
    {
        JsonPath.Root => "body",
        _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ => path,
    };
}
