using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ApprovalFunctions.Core.Json;
using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ApprovalFunctions.FunctionApp.Functions.Admin;

/// <summary>
/// Shared HTTP plumbing of the operator functions. Their routes start with <c>api/ops/</c>, not <c>api/admin/</c>: the Functions
/// host reserves every route beginning with "admin" for its own admin API and refuses to index such functions.
/// </summary>
internal static class OperatorHttp
{
    public const string RoutePrefix = ApiRoutes.Prefix + "ops";
    private const long MaxBodyBytes = 1024 * 1024;

    public static IActionResult Json<T>(T body, int statusCode = StatusCodes.Status200OK) =>
        new JsonResult(body, ReadableJson.Operations) { StatusCode = statusCode, ContentType = "application/json; charset=utf-8" };

    public static IActionResult Error(int statusCode, string error, string? field = null) => Json(new OperatorError(error, field), statusCode);

    /// <summary>
    /// A 400 naming <paramref name="field"/> when an id from the route cannot be one the app stores (empty, control
    /// characters, not Unicode, over <see cref="InstanceIds.MaxUtf8Bytes"/> bytes); null when it is fine.
    /// </summary>
    public static IActionResult? RouteIdProblem(string? id, string field) =>
        InstanceIds.Problem(id) is { } problem ? Error(StatusCodes.Status400BadRequest, $"{field}: {problem}", field) : null;

    public static IActionResult From<T>(OperatorOutcome<T> outcome)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var status = StatusOf(outcome.Status);
        return outcome.Body is { } body ? Json(body, status) : Json(outcome.Error ?? new OperatorError("The request failed."), status);
    }

    /// <summary>Reads a JSON body; the error names what is wrong (content type, size, or the JSON path).</summary>
    public static async Task<(T? Body, IActionResult? Error)> ReadBodyAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Error(StatusCodes.Status415UnsupportedMediaType, "The request must be JSON (Content-Type: application/json)."));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, Error(StatusCodes.Status413PayloadTooLarge, $"The body must not exceed {MaxBodyBytes} bytes."));
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, cancellationToken).ConfigureAwait(false);
            return body is null ? (null, Error(StatusCodes.Status400BadRequest, "The body must be a JSON object.", "$")) : (body, null);
        }
        catch (JsonException exception)
        {
            return (null, Error(StatusCodes.Status400BadRequest, $"The body is not valid: {exception.Message}", exception.Path ?? "$"));
        }
        catch (BadHttpRequestException exception)
        {
            // Too slow (408) or shorter than Content-Length (400): the sender's problem, answered without a stack trace.
            return (null, Error(exception.StatusCode, $"The body could not be read: {exception.Message}", "$"));
        }
        catch (IOException exception)
        {
            return (null, Error(StatusCodes.Status400BadRequest, $"The body broke off before it was complete ({exception.Message}).", "$"));
        }
    }

    public static int StatusOf(OperatorStatus status) => status switch
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
