using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Infrastructure.Tests.Arm;

/// <summary>One resource of a compiled template, with the template and the module deployment that hold it.</summary>
public sealed partial record ArmResource(JsonObject Node, JsonObject Template, ArmResource? Deployment)
{
    public const string DeploymentType = "Microsoft.Resources/deployments";

    public string Type => Node["type"]?.GetValue<string>() ?? string.Empty;

    /// <summary>The name as written: a literal or an ARM expression.</summary>
    public string Name => Node["name"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;

    /// <summary>The value at a dotted path below the resource (<c>properties.siteConfig.minTlsVersion</c>).</summary>
    public JsonNode? At(string path)
    {
        JsonNode? node = Node;
        foreach (var segment in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[segment] : null;
        }

        return node;
    }

    public string? StringAt(string path) => At(path) is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    /// <summary>
    /// The string values a literal or a <c>copy</c> loop over a template variable gives the last name segment:
    /// <c>format('{0}/{1}/{2}', ..., variables('tableNames')[copyIndex()])</c> yields every item of that variable.
    /// </summary>
    public IReadOnlyList<string> LeafNames()
    {
        if (Node["copy"] is JsonObject)
        {
            var match = CopyOverVariable().Match(Name);
            if (!match.Success || Template["variables"]?[match.Groups["variable"].Value] is not JsonArray items)
            {
                return [];
            }

            return [.. items.Select(i => i?.GetValue<string>() ?? string.Empty)];
        }

        var literal = LastLiteralSegment().Match(Name);
        return literal.Success ? [literal.Groups["name"].Value] : [Name.Split('/')[^1]];
    }

    /// <summary>The expression a module passes for parameter <paramref name="name"/> of this resource's template.</summary>
    public string? ModuleArgument(string name) =>
        Deployment?.Node["properties"]?["parameters"]?[name]?["value"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public string? ParameterType(string name) => Template["parameters"]?[name]?["type"]?.GetValue<string>();

    [GeneratedRegex(@"variables\('(?<variable>[^']+)'\)\[copyIndex\(\)\]")]
    private static partial Regex CopyOverVariable();

    [GeneratedRegex(@"'(?<name>[^'{}]+)'\)\]$")]
    private static partial Regex LastLiteralSegment();
}
