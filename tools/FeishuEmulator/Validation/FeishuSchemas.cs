using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalFunctions.Feishu.Schemas;
using Json.Pointer;
using Json.Schema;

namespace FeishuEmulator.Validation;

/// <summary>
/// Validation against Feishu's official request schemas (<see cref="FeishuRequestSchemas"/>, shared with ingest).
/// A failure is told as the offending field's path and what it must be, e.g.
/// <c>task_list[3].status must be one of PENDING, APPROVED, …</c>.
/// </summary>
internal sealed class FeishuSchemas
{
    public const string SyncSchema = FeishuRequestSchemas.ExternalInstanceCreateName;
    public const string CheckSchema = FeishuRequestSchemas.ExternalInstanceCheckName;
    public const string TasksQuerySchema = FeishuRequestSchemas.TaskQueryName;
    public const string ExternalTasksSchema = FeishuRequestSchemas.ExternalTaskListName;
    public const string ExternalApprovalsSchema = FeishuRequestSchemas.ExternalApprovalCreateName;

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };
    private static readonly Lazy<FeishuSchemas> SharedInstance = new(() => new FeishuSchemas());
    private readonly Dictionary<string, (JsonSchema Schema, JsonNode Raw)> _schemas = new(StringComparer.Ordinal);

    private FeishuSchemas()
    {
        foreach (var official in FeishuRequestSchemas.All)
        {
            Add($"{official.Name}#data", official.Body, official.BodyDocument);
            Add($"{official.Name}#params", official.Query, official.QueryDocument);
        }
    }

    /// <summary>The schemas are immutable once built: one set serves every emulator in the process.</summary>
    public static FeishuSchemas Shared => SharedInstance.Value;

    /// <summary>Returns null when <paramref name="body"/> matches the request-body schema, else what is wrong.</summary>
    public string? ValidateBody(string schemaName, JsonElement body) => Validate($"{schemaName}#data", body);

    /// <summary>Returns null when <paramref name="query"/> matches the query-parameter schema, else what is wrong.</summary>
    public string? ValidateQuery(string schemaName, JsonElement query) => Validate($"{schemaName}#params", query);

    private string? Validate(string key, JsonElement instance)
    {
        var (schema, raw) = _schemas[key];
        var results = schema.Evaluate(instance, Evaluation);
        if (results.IsValid)
        {
            return null;
        }

        var failures = (results.Details ?? []).Append(results)
            .Where(d => !d.IsValid && d.Errors is { Count: > 0 })
            .Select(d => Describe(d, raw, instance))
            .ToList();

        // The deepest location says most: "task_list[3].status must be one of …" rather than "task_list[3] is invalid".
        return failures.Count == 0
            ? "the request does not match Feishu's schema"
            : failures.OrderByDescending(f => f.Depth).First().Message;
    }

    private static (int Depth, string Message) Describe(EvaluationResults failure, JsonNode rawSchema, JsonElement instance)
    {
        var location = failure.InstanceLocation.ToString();
        var path = FieldPath.FromPointer(location);
        var (keyword, libraryMessage) = failure.Errors!.First();
        var schemaNode = SchemaAt(rawSchema, location);
        var depth = location.Count(c => c == '/');

        switch (keyword)
        {
            case "enum" when (schemaNode?["enum"] is JsonArray allowed):
                return (depth, $"{Name(path)} must be one of {string.Join(", ", allowed.Select(a => a!.ToString()))}, got {Value(instance, location)}");
            case "type" when (schemaNode?["type"] is { } type):
                return (depth, $"{Name(path)} must be of type {type}, got {Value(instance, location)}");
            case "required" when (schemaNode?["required"] is JsonArray required):
                var present = At(instance, location) is { ValueKind: JsonValueKind.Object } owner
                    ? owner.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
                    : [];
                var missing = required.Select(r => r!.GetValue<string>()).Where(r => !present.Contains(r)).ToList();
                return (depth + 1, string.Join(", ", missing.Select(m => Join(path, m))) + (missing.Count == 1 ? " is required" : " are required"));
            case "additionalProperties":
            case "":
            case "false":
                return (depth, $"{Name(path)} is not a field Feishu knows here");
            default:
                return (depth, string.Create(CultureInfo.InvariantCulture, $"{Name(path)}: {libraryMessage}"));
        }
    }

    private static string Name(string path) => path.Length == 0 ? "the request" : path;

    private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    private static string Value(JsonElement instance, string location) =>
        At(instance, location) is { } value ? value.GetRawText() : "nothing";

    private static JsonElement? At(JsonElement instance, string location) =>
        JsonPointer.Parse(location).Evaluate(instance);

    /// <summary>
    /// The subschema that governs an instance location, found by walking <c>properties</c> and <c>items</c>
    /// (the official schemas use nothing else); null for a location the schema does not describe.
    /// </summary>
    private static JsonNode? SchemaAt(JsonNode rawSchema, string instanceLocation)
    {
        var node = rawSchema;
        foreach (var raw in instanceLocation.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node?["type"]?.GetValue<string>() == "array" ? node["items"] : node?["properties"]?[segment];
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private void Add(string key, JsonSchema? schema, JsonElement? document)
    {
        if (schema is not null && document is { } raw)
        {
            _schemas[key] = (schema, JsonNode.Parse(raw.GetRawText())!);
        }
    }
}
