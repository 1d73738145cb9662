using System.Text.Json;
using System.Text.Json.Nodes;

namespace FeishuEmulator.Endpoints;

internal static class JsonNodeExtensions
{
    /// <summary>The node as a <see cref="JsonElement"/>, which the schema evaluator reads.</summary>
    public static JsonElement Deserialize(this JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }
}
