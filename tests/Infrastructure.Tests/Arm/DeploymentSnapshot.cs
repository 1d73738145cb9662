using System.Text.Json.Nodes;

namespace Infrastructure.Tests.Arm;

/// <summary>The resources a <c>bicep snapshot</c> predicts a deployment creates, with their properties as far as known before it runs.</summary>
public sealed class DeploymentSnapshot
{
    private DeploymentSnapshot(IReadOnlyList<JsonObject> resources, IReadOnlyList<string> diagnostics)
    {
        Resources = resources;
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<JsonObject> Resources { get; }

    public IReadOnlyList<string> Diagnostics { get; }

    /// <summary>Each Key Vault secret created: its name (without the vault's) and value.</summary>
    public IReadOnlyDictionary<string, string> Secrets =>
        OfType("Microsoft.KeyVault/vaults/secrets").ToDictionary(
            s => (s["name"]?.GetValue<string>() ?? string.Empty).Split('/')[^1],
            s => ArmText.Of(s["properties"]?["value"]));

    /// <summary>The function app's settings: name → value, or the ARM expression still to be resolved at deployment.</summary>
    public IReadOnlyDictionary<string, string> AppSettings =>
        (OfType("Microsoft.Web/sites").Single()["properties"]?["siteConfig"]?["appSettings"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .ToDictionary(s => s["name"]?.GetValue<string>() ?? string.Empty, s => ArmText.Of(s["value"]), StringComparer.OrdinalIgnoreCase);

    public static DeploymentSnapshot Parse(string json)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("A snapshot must be a JSON object.");
        var resources = (root["predictedResources"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var diagnostics = (root["diagnostics"] as JsonArray ?? []).Select(d => d?.ToJsonString() ?? string.Empty).ToList();
        return new DeploymentSnapshot(resources, diagnostics);
    }

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals(r["type"]?.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase));
}
