using System.Text.Json.Nodes;

namespace FeishuEmulator.Protocol;

/// <summary>One answer of the emulated Feishu: HTTP status, body, extra headers.</summary>
internal sealed record FeishuResponse(int HttpStatus, JsonNode? Body, string? PlainTextBody = null)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static FeishuResponse Success(JsonNode? data, string msg = "success") =>
        new(200, Envelope(FeishuCodes.Success, msg, data));

    public static FeishuResponse Error(int httpStatus, int code, string msg) =>
        new(httpStatus, Envelope(code, msg, null));

    public static FeishuResponse ParamInvalid(string detail) =>
        Error(400, FeishuCodes.ParamInvalid, $"param is invalid: {detail}");

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

/// <summary>Thrown inside a handler to answer with a Feishu error.</summary>
internal sealed class FeishuErrorException(FeishuResponse response) : Exception(response.Body?.ToJsonString())
{
    public FeishuResponse Response { get; } = response;

    public static FeishuErrorException ParamInvalid(string detail) => new(FeishuResponse.ParamInvalid(detail));
}
