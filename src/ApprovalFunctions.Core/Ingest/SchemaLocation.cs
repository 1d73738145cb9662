using System.Text.Json;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Where a schema failure lies: its JSON path (<c>$.task_list[3].update_time</c>), the value found there, the subschema
/// that governs it and, for a property, its name and whether its object requires it.
/// </summary>
internal sealed record SchemaLocation(string Path, JsonElement? Value, JsonElement? Schema, string? Name, bool IsRequired)
{
    /// <summary>True for the instance itself (no property or item below it).</summary>
    public bool IsInstance { get; private init; }

    /// <summary>
    /// Follows <paramref name="pointer"/> (a JSON pointer, <c>/task_list/3/update_time</c>) through the instance and the
    /// schema side by side, walking <c>properties</c> and <c>items</c>: the official schemas use nothing else.
    /// </summary>
    public static SchemaLocation Find(JsonElement instance, JsonElement schema, string pointer, string instancePath)
    {
        var at = new SchemaLocation(instancePath, instance, schema, null, false) { IsInstance = true };
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            at = at.Value is { ValueKind: JsonValueKind.Array } array && int.TryParse(segment, out var index)
                ? at.Item(array, index)
                : at.Property(segment);
        }

        return at;
    }

    private SchemaLocation Item(JsonElement array, int index) => new(
        JsonPath.Index(Path, index),
        index < array.GetArrayLength() ? array[index] : null,
        Schema?.TryGetProperty("items", out var items) == true ? items : null,
        null,
        false);

    private SchemaLocation Property(string name)
    {
        JsonElement? value = Value is { ValueKind: JsonValueKind.Object } owner && owner.TryGetProperty(name, out var found) ? found : null;
        JsonElement? schema = Schema?.TryGetProperty("properties", out var properties) == true && properties.TryGetProperty(name, out var property) ? property : null;
        var required = Schema?.TryGetProperty("required", out var names) == true && names.EnumerateArray().Any(n => n.ValueEquals(name));
        return new(JsonPath.Property(Path, name), value, schema, name, required);
    }
}
