using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ApprovalFunctions.Core.Requests;
using ApprovalFunctions.Core.State;
using Microsoft.AspNetCore.Http;

namespace ApprovalFunctions.FunctionApp.Functions.Operations;

/// <summary>
/// One operator request while <see cref="OperatorEndpoint"/> runs it: the parsing helpers every operator function shares,
/// and what its audit line will name (<see cref="Action"/>, <see cref="Target"/>), set as the operation learns them.
/// </summary>
public sealed class OperatorCall(HttpRequest request, IncomingRequest incoming, string action)
{
    private const int MaxBodyBytes = 1024 * 1024;

    public HttpRequest Request { get; } = request;

    public string Action { get; set; } = action;

    /// <summary>What the call is about, for the audit: business ids only (instance ids, approval codes, run ids), never a user id.</summary>
    public string Target { get; set; } = "-";

    /// <summary>What the operation asks of Feishu, named in the problem and the audit when that call fails.</summary>
    public FeishuCallDescription FeishuCall { get; set; } = FeishuCallDescription.Default;

    public string Query(string name) => Request.Query[name].ToString();

    /// <summary>
    /// A 400 naming <paramref name="field"/> when an id from the route cannot be one the app stores (empty, control
    /// characters, not Unicode, over <see cref="InstanceIds.MaxUtf8Bytes"/> bytes); null when it is fine.
    /// </summary>
    public static OperatorAnswer? RouteIdProblem(string? id, string field) =>
        InstanceIds.Problem(id) is { } problem ? OperatorAnswer.BadRequest($"{field}: {problem}", field) : null;

    /// <summary>Reads a JSON body; the problem names what is wrong (content type, size, reading, or the JSON path).</summary>
    public async Task<(T? Body, OperatorAnswer? Problem)> ReadBodyAsync<T>(JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (incoming.Headers.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, OperatorAnswer.Refused(StatusCodes.Status415UnsupportedMediaType, "The request must be JSON (Content-Type: application/json).", RequestHeaders.ContentTypeName));
        }

        var tooLarge = OperatorAnswer.Refused(StatusCodes.Status413PayloadTooLarge, $"The body must not exceed {MaxBodyBytes} bytes.", "$");
        if (incoming.Headers.ContentLength > MaxBodyBytes)
        {
            return (null, tooLarge);
        }

        var read = await incoming.Body.ReadAsync(MaxBodyBytes, cancellationToken);
        if (read.FailedStatus is { } failedStatus)
        {
            return (null, OperatorAnswer.Refused(failedStatus, read.Failure ?? "The body could not be read.", "$"));
        }

        if (read.Bytes is not { } bytes)
        {
            return (null, tooLarge);
        }

        try
        {
            var body = JsonSerializer.Deserialize(bytes.Span, typeInfo);
            return body is null ? (null, OperatorAnswer.BadRequest("The body must be a JSON object.", "$")) : (body, null);
        }
        catch (JsonException exception)
        {
            return (null, OperatorAnswer.BadRequest($"The body is not valid: {exception.Message}", exception.Path ?? "$"));
        }
    }
}

/// <summary>
/// A Feishu call an operation makes: <see cref="What"/> names it in the problem, <see cref="Field"/> is the request field
/// that led to it; <see cref="PermanentIsBadRequest"/> when Feishu judges what the operator sent, so that its refusal
/// (<c>FeishuErrorKind.Permanent</c>) is the operator's 400 rather than a 502.
/// </summary>
public sealed record FeishuCallDescription(string What, string? Field = null, bool PermanentIsBadRequest = false)
{
    public static FeishuCallDescription Default { get; } = new("A Feishu call");
}
