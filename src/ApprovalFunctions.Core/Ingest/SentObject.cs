using System.Text.Json;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// One JSON object of a body with its path, read leniently: a property counts only when it holds the kind of value asked
/// for, since a missing property, a null or a value of the wrong kind is the schema's to report, not the reader's.
/// </summary>
internal readonly record struct SentObject(JsonElement Element, string Path)
{
    /// <summary>The object itself, or null when <paramref name="element"/> is not an object.</summary>
    public static SentObject? Of(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object ? new SentObject(element, path) : null;

    public string PathOf(string name) => JsonPath.Property(Path, name);

    public string? Text(string name) =>
        Element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public bool? Flag(string name) =>
        Element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    public SentObject? Child(string name) =>
        Element.TryGetProperty(name, out var value) ? Of(value, PathOf(name)) : null;

    /// <summary>The items of an array property (empty when it is absent or not an array) and how many there are.</summary>
    public (IReadOnlyList<SentObject> Objects, int Count) Items(string name)
    {
        if (!Element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return ([], 0);
        }

        var path = PathOf(name);
        var objects = value.EnumerateArray()
            .Select((item, index) => Of(item, JsonPath.Index(path, index)))
            .OfType<SentObject>()
            .ToList();
        return (objects, value.GetArrayLength());
    }

    /// <summary>True when the property is there as an array (even empty).</summary>
    public bool HasArray(string name) => Element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array;
}
