using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.FunctionApp.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ApprovalFunctions.FunctionApp.Functions.Ingest;

/// <summary>The problem answer of every 4xx that ingest gives: a summary of the status as detail, and every problem by path.</summary>
public static class IngestProblems
{
    public static IActionResult Result(HttpRequest request, int status, IReadOnlyList<IngestProblem> problems) =>
        ProblemResults.Result(request, status, Summary(status), problems);

    public static string Summary(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is not a valid Feishu third-party instance.",
        StatusCodes.Status401Unauthorized => "The request's webhook signature is missing or invalid.",
        StatusCodes.Status408RequestTimeout => "The request body did not arrive in time.",
        StatusCodes.Status409Conflict => "The change conflicts with the instance's stored state; nothing was stored.",
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than allowed.",
        StatusCodes.Status415UnsupportedMediaType => "The request must be JSON (Content-Type: application/json).",
        StatusCodes.Status422UnprocessableEntity => "The change is valid, but merged into the instance's stored state it breaks a limit; nothing was stored.",
        _ => "The request was rejected.",
    };
}
