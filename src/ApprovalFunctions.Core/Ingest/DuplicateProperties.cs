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

                    Find(property.Value, propertyPath, problems);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Find(item, JsonPath.Index(path, index++), problems);
                }

                break;
        }
    }
}
