using System.Runtime.InteropServices;
using System.Text.Json;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Finds strings, values and property names alike, that hold an escaped unpaired surrogate (<c>"\ud800"</c>): valid JSON
/// syntax, but not Unicode text, so it can be neither stored as UTF-8 nor sent to Feishu. Run before anything reads the
/// strings of a body, so that such a body gets a 400 naming the path instead of failing where a string is read.
/// </summary>
internal static class UnpairedSurrogates
{
    private const int MaxProblems = 20;

    private const string Advice = "holds an escaped unpaired surrogate (\\ud800-\\udfff without its pair), which is not Unicode text; send the character itself or a complete pair.";

    /// <summary>Adds a problem for every such string in <paramref name="element"/> (at most 20).</summary>
    public static void Find(JsonElement element, string path, List<IngestProblem> problems)
    {
        // Nearly no body has one: a pass that reads the raw bytes and builds no paths tells, and only a body that has one
        // is walked for its paths.
        if (!IsAllText(element))
        {
            Report(element, path, problems);
        }
    }

    private static bool IsAllText(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsText(property) || !IsAllText(property.Value))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!IsAllText(item))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.String:
                return IsText(element);
            default:
                return true;
        }
    }

    private static void Report(JsonElement element, string path, List<IngestProblem> problems)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = ReadName(property, path, problems);
                    Report(property.Value, name is null ? path : JsonPath.Property(path, name), problems);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Report(item, JsonPath.Index(path, index++), problems);
                }

                break;
            case JsonValueKind.String when !IsText(element):
                Add(problems, path, "The string " + Advice);
                break;
        }
    }

    /// <summary>
    /// The same for a batch envelope, except the items of <paramref name="itemsProperty"/>: each item is checked with the
    /// other rules of its instance, so that one bad item fails alone.
    /// </summary>
    public static void FindOutsideItems(JsonElement root, string itemsProperty, List<IngestProblem> problems)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Find(root, JsonPath.Root, problems);
            return;
        }

        foreach (var property in root.EnumerateObject())
        {
            var name = ReadName(property, JsonPath.Root, problems);
            if (name != itemsProperty || property.Value.ValueKind != JsonValueKind.Array)
            {
                Find(property.Value, name is null ? JsonPath.Root : JsonPath.Property(JsonPath.Root, name), problems);
            }
        }
    }

    private static string? ReadName(JsonProperty property, string objectPath, List<IngestProblem> problems)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            Add(problems, objectPath, "A property name of this object " + Advice);
            return null;
        }
    }

    // Without a backslash the raw bytes are the text itself, and the parser has checked them as UTF-8: only an escaped
    // string can hold an unpaired surrogate, and only such a string is decoded to tell.
    private static bool IsText(JsonElement value) =>
        JsonMarshal.GetRawUtf8Value(value).IndexOf((byte)'\\') < 0 || Decodes(() => value.GetString());

    private static bool IsText(JsonProperty property) =>
        JsonMarshal.GetRawUtf8PropertyName(property).IndexOf((byte)'\\') < 0 || Decodes(() => property.Name);

    private static bool Decodes(Func<string?> read)
    {
        try
        {
            _ = read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Add(List<IngestProblem> problems, string path, string message)
    {
        if (problems.Count < MaxProblems)
        {
            problems.Add(new(path, message));
        }
    }
}
