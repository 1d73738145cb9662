using System.Net;
using System.Text.Json.Nodes;

namespace ApprovalFunctions.Core.Facade;

/// <summary>
/// One answer of the Feishu-compatible surface: HTTP status and Feishu's body (<c>{code, msg, data}</c>, or the flat token
/// body), written as UTF-8 JSON with an <c>X-Tt-Logid</c> header as Feishu's gateway sends (quote it when asking for help).
/// </summary>
public sealed record FacadeAnswer(int HttpStatus, JsonObject Body, string LogId)
{
    public const string LogIdHeader = "X-Tt-Logid";

    public int Code => Body["code"]!.GetValue<int>();

    public static FacadeAnswer Success(JsonNode? data, string logId) => new((int)HttpStatusCode.OK, Envelope(FacadeCodes.Success, "success", data), logId);

    public static FacadeAnswer Error(int httpStatus, int code, string msg, string logId, JsonObject? error = null)
    {
        var body = Envelope(code, msg, null);
        if (error is not null)
        {
            body["error"] = error;
        }

        return new FacadeAnswer(httpStatus, body, logId);
    }

    /// <summary>Feishu's parameter error, naming each field in <c>msg</c> and in <c>error.field_violations</c>.</summary>
    public static FacadeAnswer ParamInvalid(IReadOnlyList<(string Field, string Description)> violations, string logId)
    {
        var msg = "param is invalid: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}"));
        var error = new JsonObject
        {
            ["log_id"] = logId,
            ["field_violations"] = new JsonArray([.. violations.Select(v => (JsonNode)new JsonObject { ["field"] = v.Field, ["description"] = v.Description })]),
        };
        return Error((int)HttpStatusCode.BadRequest, FacadeCodes.ParamInvalid, msg, logId, error);
    }

    public static JsonObject Envelope(int code, string msg, JsonNode? data)
    {
        var body = new JsonObject { ["code"] = code, ["msg"] = msg };
        if (data is not null)
        {
            body["data"] = data;
        }

        return body;
    }
}
