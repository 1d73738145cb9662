using ApprovalFunctions.Core.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace ApprovalFunctions.FunctionApp.Http;

/// <summary>Builds and writes <see cref="ProblemBody"/> answers: the one error shape of every endpoint of ours.</summary>
public static class ProblemResults
{
    public const string ContentType = "application/problem+json; charset=utf-8";
    public const string BlankType = "about:blank";

    public static ProblemBody Body(int status, string detail, IReadOnlyList<IngestProblem> problems, string? instance = null) =>
        new(BlankType, Title(status), status, detail, instance, problems);

    /// <summary>A problem answer for <paramref name="request"/>, whose path becomes the problem's <c>instance</c>.</summary>
    public static IActionResult Result(HttpRequest? request, int status, string detail, IReadOnlyList<IngestProblem> problems) =>
        Result(Body(status, detail, problems, InstanceOf(request)));

    /// <summary>A problem about one field (a JSON path, a route or query parameter, a header); none when it concerns the request as a whole.</summary>
    public static IActionResult Result(HttpRequest? request, int status, string detail, string? field) =>
        Result(request, status, detail, field is null ? [] : [new IngestProblem(field, detail)]);

    public static IActionResult Result(ProblemBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new JsonResult(body, FunctionAppJson.Options) { StatusCode = body.Status, ContentType = ContentType };
    }

    public static string Title(int status) => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"HTTP {status}";

    private static string? InstanceOf(HttpRequest? request) => request is null ? null : $"{request.PathBase}{request.Path}";
}
