using System.Text.Json.Serialization;
using ApprovalFunctions.Core.Json;
using Microsoft.AspNetCore.Mvc;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>The body of every 4xx that ingest answers: a summary and every problem by path.</summary>
public sealed record IngestErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("problems")] IReadOnlyList<IngestProblem> Problems);

public static class IngestErrorResults
{
    public static IActionResult ToErrorResult(int statusCode, IReadOnlyList<IngestProblem> problems) =>
        new JsonResult(new IngestErrorBody(Summary(statusCode), problems), ReadableJson.Core) { StatusCode = statusCode, ContentType = "application/json; charset=utf-8" };

    public static IActionResult ToErrorResult(this IngestReadResult result) => ToErrorResult(result.StatusCode, result.Problems);

    private static string Summary(int statusCode) => statusCode switch
    {
        400 => "The request is not a valid Feishu third-party instance.",
        401 => "The request's webhook signature is missing or invalid.",
        413 => "The request body is larger than allowed.",
        415 => "The request must be JSON (Content-Type: application/json).",
        422 => "The change is valid, but merged into the instance's stored state it breaks a limit; nothing was stored.",
        _ => "The request was rejected.",
    };
}
