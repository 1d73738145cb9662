using System.Text.Json;
using ApprovalFunctions.Core.Json;
using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.FunctionApp.Http;
using Microsoft.AspNetCore.Http;

namespace ApprovalFunctions.FunctionApp.Functions.Operations;

/// <summary>
/// How one operator call ended: the status and body to answer (a problem on failure) and what its one audit line says,
/// how many items it concerned and the outcome in words.
/// </summary>
public sealed record OperatorAnswer(int Status, object? Body, JsonSerializerOptions? Options, ProblemBody? Problem, int Count, string Outcome)
{
    /// <summary>A success; the body is written with <paramref name="options"/>, by default the operator tools' readable JSON.</summary>
    public static OperatorAnswer Ok(object body, int count, string outcome, JsonSerializerOptions? options = null, int status = StatusCodes.Status200OK) =>
        new(status, body, options ?? ReadableJson.Operations, null, count, outcome);

    /// <summary>A refusal naming the field it concerns (a JSON path, a route or query parameter); audited as <paramref name="outcome"/>.</summary>
    public static OperatorAnswer Refused(int status, string detail, string? field, string outcome = "bad request") =>
        new(status, null, null, ProblemResults.Body(status, detail, field is null ? [] : [new(field, detail)]), 0, outcome);

    public static OperatorAnswer BadRequest(string detail, string? field) => Refused(StatusCodes.Status400BadRequest, detail, field);

    public static OperatorAnswer BadRequest(OperatorError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return BadRequest(error.Error, error.Field);
    }

    public static OperatorAnswer NotFound(string detail, string field) => Refused(StatusCodes.Status404NotFound, detail, field, "not found");

    /// <summary>
    /// An operation's own outcome: its body with the status the operation chose, or its error as a problem (audited with the
    /// error's words); <paramref name="count"/> and <paramref name="outcome"/> describe a success.
    /// </summary>
    public static OperatorAnswer From<T>(OperatorOutcome<T> result, Func<T, int> count, Func<T, string> outcome, JsonSerializerOptions? options = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(count);
        ArgumentNullException.ThrowIfNull(outcome);
        var status = StatusOf(result.Status);
        if (result.Body is { } body)
        {
            return Ok(body, count(body), outcome(body), options, status);
        }

        var error = result.Error ?? new OperatorError("The request failed.");
        return Refused(status, error.Error, error.Field, error.Error);
    }

    private static int StatusOf(OperatorStatus status) => status switch
    {
        OperatorStatus.Ok => StatusCodes.Status200OK,
        OperatorStatus.Accepted => StatusCodes.Status202Accepted,
        OperatorStatus.BadRequest => StatusCodes.Status400BadRequest,
        OperatorStatus.Forbidden => StatusCodes.Status403Forbidden,
        OperatorStatus.NotFound => StatusCodes.Status404NotFound,
        OperatorStatus.Conflict => StatusCodes.Status409Conflict,
        OperatorStatus.Gone => StatusCodes.Status410Gone,
        _ => StatusCodes.Status500InternalServerError,
    };
}
