using System.Text.Json;
using ApprovalFunctions.Feishu.Schemas;
using Json.Schema;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Checks a body against one of Feishu's official request schemas (types, required fields, enums, unknown properties) and
/// tells each failure by its JSON path, in words that say what the field must be: ingest's instances and the check body of
/// the Feishu-compatible surface go through the same words. A JSON <c>null</c> counts as absent, as everywhere in ingest:
/// a required property sent as null is missing, an optional one is ignored.
/// </summary>
internal static class FeishuSchemaRules
{
    // Most bodies are valid: the flag evaluation stops at the first failure, and only a failing body is evaluated again
    // with every failure listed.
    private static readonly EvaluationOptions Quick = new() { OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions Detailed = new() { OutputFormat = OutputFormat.List };

    /// <param name="official">The call whose body (<c>data</c>) schema applies.</param>
    /// <param name="what">What the body is, for a body that is not an object: "a Feishu third-party instance".</param>
    /// <param name="body">The body, or a part of a larger one (an instance of a batch).</param>
    /// <param name="path">The JSON path of <paramref name="body"/>: <c>$</c>, or <c>$.instances[2]</c> in a batch.</param>
    public static void Check(FeishuRequestSchema official, string what, JsonElement body, string path, List<IngestProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(official);
        var schema = official.Body ?? throw new ArgumentException($"{official.Name} has no body schema.", nameof(official));
        if (schema.Evaluate(body, Quick).IsValid)
        {
            return;
        }

        var results = schema.Evaluate(body, Detailed);
        foreach (var failure in (results.Details ?? []).Prepend(results).Where(result => !result.IsValid && result.Errors is { Count: > 0 }))
        {
            var location = SchemaLocation.Find(body, official.BodyDocument!.Value, failure.InstanceLocation.ToString(), path);
            foreach (var keyword in failure.Errors!)
            {
                Describe(keyword.Key, keyword.Value, location, what, problems);
            }
        }
    }

    private static void Describe(string keyword, string libraryMessage, SchemaLocation at, string what, List<IngestProblem> problems)
    {
        // Null fails "type" and "enum" alike; every property of the schema has a type, so "type" speaks for both.
        if (at.Value is { ValueKind: JsonValueKind.Null })
        {
            if (keyword == "type" && at.IsRequired)
            {
                problems.Add(new(at.Path, $"Missing required property \"{at.Name}\"."));
            }

            return;
        }

        switch (keyword)
        {
            case "type":
                problems.Add(new(at.Path, TypeMessage(at, what)));
                break;
            case "enum":
                problems.Add(new(at.Path, EnumMessage(at)));
                break;
            case "required":
                foreach (var name in Missing(at))
                {
                    problems.Add(new(JsonPath.Property(at.Path, name), $"Missing required property \"{name}\"."));
                }

                break;
            // additionalProperties: false fails each unknown property against the false schema, at the property itself.
            case "" or "false" when at.Name is not null:
                problems.Add(new(at.Path, $"Unknown property \"{WireValueRules.Truncate(at.Name)}\"; Feishu accepts only its documented fields (check the spelling, snake_case)."));
                break;
            default:
                problems.Add(new(at.Path, $"Does not match Feishu's schema ({keyword}): {libraryMessage}"));
                break;
        }
    }

    private static string TypeMessage(SchemaLocation at, string what)
    {
        var expected = at.Schema?.TryGetProperty("type", out var type) == true ? type.GetString() : null;
        var actual = at.Value is { } value ? JsonKinds.Describe(value) : "nothing";
        return expected switch
        {
            "string" when at.Value is { ValueKind: JsonValueKind.Number } number =>
                $"Must be a string, not a number; send it as a string: \"{number.GetRawText()}\".",
            "string" => $"Must be a string, not {actual}.",
            "boolean" => $"Must be true or false, not {actual}.",
            "object" when at.IsInstance =>
                $"Must be a JSON object ({what}), not {actual}.",
            "object" => $"Must be a JSON object, not {actual}.",
            "array" => $"Must be a JSON array, not {actual}.",
            _ => $"Must be of type {expected}, not {actual}.",
        };
    }

    private static string EnumMessage(SchemaLocation at)
    {
        var allowed = at.Schema?.TryGetProperty("enum", out var values) == true
            ? string.Join(", ", values.EnumerateArray().Select(v => v.ToString()))
            : "the values of Feishu's schema";
        var sent = at.Value is { ValueKind: JsonValueKind.String } text ? $"\"{WireValueRules.Truncate(text.GetString()!)}\"" : at.Value?.GetRawText();
        var omit = at.Value is { ValueKind: JsonValueKind.String } empty && empty.GetString()!.Length == 0 && !at.IsRequired
            ? " Feishu rejects \"\", so omit the property instead."
            : string.Empty;
        return $"Must be one of {allowed}; got {sent}.{omit}";
    }

    private static IEnumerable<string> Missing(SchemaLocation at)
    {
        if (at.Value is not { ValueKind: JsonValueKind.Object } owner || at.Schema?.TryGetProperty("required", out var required) != true)
        {
            return [];
        }

        return required.EnumerateArray().Select(name => name.GetString()!).Where(name => !owner.TryGetProperty(name, out _));
    }

}
