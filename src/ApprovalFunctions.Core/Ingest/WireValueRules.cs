using System.Globalization;
using System.Text.Json;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Rules for single values that Feishu's schema types only as "string": times as Unix milliseconds, ids, and
/// <c>extra</c> holding a JSON object. Each returns null when the value is fine, else what is wrong (one sentence).
/// </summary>
internal static class WireValueRules
{
    // Feishu times are Unix milliseconds; a plausible one lies in this century. Anything below is most likely seconds.
    private static readonly long EarliestTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly long LatestTime = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>
    /// A time in Unix milliseconds as a string of digits; <paramref name="zeroAllowed"/> is for <c>end_time</c>, which is
    /// "0" while the instance or task runs.
    /// </summary>
    public static string? TimeProblem(string text, bool zeroAllowed)
    {
        if (!TryParseTime(text, out var milliseconds))
        {
            return $"Must be Unix milliseconds as a string of decimal digits (e.g. \"1700000000000\"), not \"{Truncate(text)}\".";
        }

        if (milliseconds == 0 && zeroAllowed)
        {
            return null;
        }

        if (milliseconds < EarliestTime)
        {
            var hint = milliseconds >= EarliestTime / 1000 && milliseconds < LatestTime / 1000
                ? " It looks like seconds; Feishu times are milliseconds."
                : string.Empty;
            return $"Must be Unix milliseconds between 2000-01-01 and 2100-01-01{(zeroAllowed ? " (or \"0\")" : string.Empty)}; got \"{text}\".{hint}";
        }

        return milliseconds >= LatestTime ? $"Must be Unix milliseconds between 2000-01-01 and 2100-01-01; got \"{text}\"." : null;
    }

    /// <summary>The value of a time that <see cref="TimeProblem"/> accepts.</summary>
    public static long ParseTime(string text) =>
        TryParseTime(text, out var milliseconds) ? milliseconds : throw new FormatException($"\"{Truncate(text)}\" is not a time in Unix milliseconds.");

    /// <summary>A non-empty id without control characters, at most <paramref name="maxLength"/> characters.</summary>
    public static string? IdProblem(string id, int maxLength = int.MaxValue)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "Must not be empty.";
        }

        if (id.Any(char.IsControl))
        {
            return "Must not contain control characters (line breaks, tabs, NUL, ...).";
        }

        return id.Length > maxLength ? $"Must be at most {maxLength} characters; it has {id.Length}." : null;
    }

    /// <summary><c>extra</c> is passed to Feishu as a string holding a JSON object.</summary>
    public static string? ExtraProblem(string extra)
    {
        const string Expected = "Must be a string holding a JSON object, e.g. \"{\\\"business_key\\\":\\\"PO-1\\\"}\"";
        try
        {
            using var document = JsonDocument.Parse(extra);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? null
                : $"{Expected}; it holds {JsonKinds.Describe(document.RootElement)}.";
        }
        catch (JsonException exception)
        {
            return $"{Expected}; it is not valid JSON: {exception.Message}";
        }
    }

    public static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");

    private static bool TryParseTime(string text, out long milliseconds)
    {
        milliseconds = 0;
        return text.Length is > 0 and <= 15 && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out milliseconds);
    }
}
