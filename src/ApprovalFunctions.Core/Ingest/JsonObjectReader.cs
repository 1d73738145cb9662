using System.Text.Json;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Reads the properties of a small JSON object by name and type (the batch envelope, the check body of the Feishu-compatible
/// surface; an instance is checked against Feishu's schema instead), adding a problem (by JSON path) for each one that
/// is missing or of the wrong type instead of stopping. Every property it is asked about counts as known, so
/// <see cref="RejectUnknownProperties"/> afterwards reports the rest, as Feishu's <c>additionalProperties: false</c> does.
/// A JSON <c>null</c> counts as absent.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly JsonElement _element;
    private readonly List<IngestProblem> _problems;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    private JsonObjectReader(JsonElement element, string path, List<IngestProblem> problems)
    {
        _element = element;
        Path = path;
        _problems = problems;
    }

    public string Path { get; }

    /// <summary>A reader for <paramref name="element"/>, or null (with a problem) when it is not an object.</summary>
    public static JsonObjectReader? Open(JsonElement element, string path, List<IngestProblem> problems, string what)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return new JsonObjectReader(element, path, problems);
        }

        problems.Add(new(path, $"Must be a JSON object ({what}), not {Describe(element)}."));
        return null;
    }

    public string PathOf(string name) => JsonPath.Property(Path, name);

    public void AddProblem(string name, string message) => _problems.Add(new(PathOf(name), message));

    public string? String(string name, bool required = false)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            AddProblem(name, $"Must be a string, not {Describe(value)}.");
            return null;
        }

        return value.GetString();
    }

    /// <summary>A required, non-empty string without control characters, at most <paramref name="maxLength"/> characters.</summary>
    public string? Id(string name, int maxLength = int.MaxValue)
    {
        var id = String(name, required: true);
        if (id is null)
        {
            return null;
        }

        if (WireValueRules.IdProblem(id, maxLength) is { } problem)
        {
            AddProblem(name, problem);
            return null;
        }

        return id;
    }

    /// <summary>
    /// A time in Unix milliseconds, sent as a string of digits. <paramref name="zeroAllowed"/> is for <c>end_time</c>,
    /// which is "0" while the instance or task runs.
    /// </summary>
    public long? Time(string name, bool required, bool zeroAllowed = false)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            AddProblem(name, $"Must be a string of Unix milliseconds, not a number; send it as a string: \"{value.GetRawText()}\".");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            AddProblem(name, $"Must be a string of Unix milliseconds (e.g. \"1700000000000\"), not {Describe(value)}.");
            return null;
        }

        var text = value.GetString()!;
        if (WireValueRules.TimeProblem(text, zeroAllowed) is { } problem)
        {
            AddProblem(name, problem);
            return null;
        }

        return WireValueRules.ParseTime(text);
    }

    /// <summary>The items of an array property with their paths; null when absent or not an array.</summary>
    public IReadOnlyList<(JsonElement Item, string Path)>? Array(string name, bool required = false)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            AddProblem(name, $"Must be a JSON array, not {Describe(value)}.");
            return null;
        }

        var path = PathOf(name);
        return value.EnumerateArray().Select((item, index) => (item, JsonPath.Index(path, index))).ToList();
    }

    /// <summary>Reports every property that none of the reads above asked for, and any property sent twice.</summary>
    public void RejectUnknownProperties()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in _element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                AddProblem(property.Name, "Appears more than once in this object; send each property once.");
            }
            else if (!_known.Contains(property.Name))
            {
                AddProblem(property.Name, $"Unknown property \"{WireValueRules.Truncate(property.Name)}\"; Feishu accepts only its documented fields (check the spelling, snake_case).");
            }
        }
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private bool TryGet(string name, bool required, out JsonElement value)
    {
        _known.Add(name);
        if (_element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            AddProblem(name, $"Missing required property \"{name}\".");
        }

        return false;
    }

}
