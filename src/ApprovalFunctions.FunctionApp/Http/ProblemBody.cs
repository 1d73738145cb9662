using System.Text.Json.Serialization;
using ApprovalFunctions.Core.Ingest;

namespace ApprovalFunctions.FunctionApp.Http;

/// <summary>
/// Every error the app answers on its own endpoints: RFC 9457 problem details (<c>application/problem+json</c>), with
/// each problem by JSON path, header or parameter name in the extension member <c>problems</c>.
/// </summary>
/// <param name="Type">"about:blank": the status says what kind of problem it is; <paramref name="Detail"/> says which.</param>
/// <param name="Title">The status's reason phrase, as RFC 9457 asks of "about:blank".</param>
/// <param name="Instance">The request path the problem occurred at.</param>
public sealed record ProblemBody(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("instance")] string? Instance,
    [property: JsonPropertyName("problems")] IReadOnlyList<IngestProblem> Problems);
