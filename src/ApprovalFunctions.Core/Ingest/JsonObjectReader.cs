using System.Globalization;
using System.Text.Json;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Reads the properties of one JSON object by name and type, adding a problem (by JSON path) for each one that
/// is missing or of the wrong type instead of stopping. Every property it is asked about counts as known, so
/// <see cref="RejectUnknownProperties"/> afterwards reports the rest, as Feishu's <c>additionalProperties: false</c> does.
/// A JSON <c>null</c> counts as absent.
/// </summary>
internal sealed class JsonObjectReader
{
    // Feishu times are Unix milliseconds; a plausible one lies in this century. Anything below is most likely seconds.
    private static readonly long EarliestTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly long LatestTime = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

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

        if (string.IsNullOrWhiteSpace(id))
        {
            AddProblem(name, "Must not be empty.");
            return null;
        }

        if (id.Any(char.IsControl))
        {
            AddProblem(name, "Must not contain control characters (line breaks, tabs, NUL, ...).");
            return null;
        }

        if (id.Length > maxLength)
        {
            AddProblem(name, $"Must be at most {maxLength} characters; it has {id.Length}.");
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
        if (text.Length is 0 or > 15 || !text.All(char.IsAsciiDigit))
        {
            AddProblem(name, $"Must be Unix milliseconds as a string of decimal digits (e.g. \"1700000000000\"), not \"{Truncate(text)}\".");
            return null;
        }

        var milliseconds = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        if (milliseconds == 0 && zeroAllowed)
        {
            return 0;
        }

        if (milliseconds < EarliestTime)
        {
            var hint = milliseconds >= EarliestTime / 1000 && milliseconds < LatestTime / 1000
                ? " It looks like seconds; Feishu times are milliseconds."
                : string.Empty;
            AddProblem(name, $"Must be Unix milliseconds between 2000-01-01 and 2100-01-01{(zeroAllowed ? " (or \"0\")" : string.Empty)}; got \"{text}\".{hint}");
            return null;
        }

        if (milliseconds >= LatestTime)
        {
            AddProblem(name, $"Must be Unix milliseconds between 2000-01-01 and 2100-01-01; got \"{text}\".");
            return null;
        }

        return milliseconds;
    }

    /// <summary>One of <paramref name="values"/> (case-sensitive, as Feishu compares).</summary>
    public string? Enum(string name, bool required, IReadOnlyList<string> values, string? emptyHint = null)
    {
        var text = String(name, required);
        if (text is null || values.Contains(text, StringComparer.Ordinal))
        {
            return text;
        }

        AddProblem(name, text.Length == 0 && emptyHint is not null
            ? emptyHint
            : $"Must be one of {string.Join(", ", values)}; got \"{Truncate(text)}\".");
        return null;
    }

    public bool? Boolean(string name, bool required = false)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        AddProblem(name, $"Must be true or false, not {Describe(value)}.");
        return null;
    }

    public JsonObjectReader? Object(string name, bool required, string what) =>
        TryGet(name, required, out var value) ? Open(value, PathOf(name), _problems, what) : null;

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
                AddProblem(property.Name, $"Unknown property \"{Truncate(property.Name)}\"; Feishu accepts only its documented fields (check the spelling, snake_case).");
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

    private static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}
