using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infrastructure.Tests.Arm;

/// <summary>A JSON node as the text an ARM template holds: strings as they are, anything else as JSON without escaping <c>'</c>.</summary>
public static class ArmText
{
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Of(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(Unescaped),
    };
}
