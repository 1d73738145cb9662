using System.Text.Json;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Finds properties sent twice in one object. JSON allows it and parsers keep one of the two silently, so what the source
/// meant is unknowable; a schema cannot say it either (it sees one value per name).
/// </summary>
internal static class DuplicateProperties
{
    public const string Message = "Appears more than once in this object; send each property once.";

    public static void Find(JsonElement element, string path, List<IngestProblem> problems)
    {
        // Nearly no body has one: a pass that builds no paths tells, and only a body that has one is walked for its paths.
        if (AnyIn(element, new HashSet<string>(StringComparer.Ordinal)))
        {
            Report(element, path, problems);
        }
    }

    /// <param name="names">A set to reuse: each object's names are compared before its values are walked.</param>
    private static bool AnyIn(JsonElement element, HashSet<string> names)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                names.Clear();
                foreach (var property in element.EnumerateObject())
                {
                    if (!names.Add(property.Name))
                    {
                        return true;
                    }
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (AnyIn(property.Value, names))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (AnyIn(item, names))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static void Report(JsonElement element, string path, List<IngestProblem> problems)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var propertyPath = JsonPath.Property(path, property.Name);
                    if (!seen.Add(property.Name))
                    {
                        problems.Add(new(propertyPath, Message));
                    }

                    Report(property.Value, propertyPath, problems);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Report(item, JsonPath.Index(path, index++), problems);
                }

                break;
        }
    }
}
