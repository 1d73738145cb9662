using System.Text.Json;
using Json.Schema;

namespace ApprovalFunctions.Feishu.Schemas;

/// <summary>
/// One of Feishu's official request schemas: the call it describes, its body (<c>data</c>) and query (<c>params</c>)
/// schemas built for evaluation, and the raw schema documents (for telling a failure by the keyword's own values).
/// </summary>
public sealed record FeishuRequestSchema(
    string Name,
    string Path,
    string HttpMethod,
    JsonSchema? Body,
    JsonElement? BodyDocument,
    JsonSchema? Query,
    JsonElement? QueryDocument,
    JsonElement Document);

/// <summary>
/// Feishu's official request schemas, embedded in this assembly as Feishu publishes them, each built once per process:
/// building is the slow part and a built schema is immutable, so ingest, the emulator and the contract tests share them.
/// </summary>
public static class FeishuRequestSchemas
{
    public const string ExternalInstanceCreateName = "approval.v4.externalInstance.create";
    public const string ExternalInstanceCheckName = "approval.v4.externalInstance.check";
    public const string TaskQueryName = "approval.v4.task.query";
    public const string ExternalTaskListName = "approval.v4.externalTask.list";
    public const string ExternalApprovalCreateName = "approval.v4.externalApproval.create";

    private const string ResourcePrefix = "ApprovalFunctions.Feishu.Schemas.";

    private static readonly Lazy<IReadOnlyDictionary<string, FeishuRequestSchema>> Loaded = new(Load);

    /// <summary><c>POST /open-apis/approval/v4/external_instances</c>, the sync call that ingest takes as its body.</summary>
    public static FeishuRequestSchema ExternalInstanceCreate => Get(ExternalInstanceCreateName);

    public static FeishuRequestSchema ExternalInstanceCheck => Get(ExternalInstanceCheckName);

    public static FeishuRequestSchema TaskQuery => Get(TaskQueryName);

    public static FeishuRequestSchema ExternalTaskList => Get(ExternalTaskListName);

    public static FeishuRequestSchema ExternalApprovalCreate => Get(ExternalApprovalCreateName);

    public static IReadOnlyCollection<FeishuRequestSchema> All => [.. Loaded.Value.Values];

    public static FeishuRequestSchema Get(string name) =>
        Loaded.Value.TryGetValue(name, out var schema)
            ? schema
            : throw new ArgumentException($"No embedded Feishu schema is named {name}.", nameof(name));

    /// <summary>The embedded file's bytes exactly as shipped, e.g. to compare with Feishu's published copy.</summary>
    public static byte[] ReadFile(string name)
    {
        using var stream = Open(name);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static Dictionary<string, FeishuRequestSchema> Load()
    {
        var schemas = new Dictionary<string, FeishuRequestSchema>(StringComparer.Ordinal);
        var names = typeof(FeishuRequestSchemas).Assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) && resource.EndsWith(".json", StringComparison.Ordinal))
            .Select(resource => resource[ResourcePrefix.Length..^".json".Length]);
        foreach (var name in names)
        {
            using var stream = Open(name);
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement.Clone();
            var parts = root.GetProperty("schema");
            var (body, bodyDocument) = Build(parts, "data", name);
            var (query, queryDocument) = Build(parts, "params", name);
            schemas[name] = new FeishuRequestSchema(
                name,
                root.GetProperty("path").GetString()!,
                root.GetProperty("httpMethod").GetString()!,
                body,
                bodyDocument,
                query,
                queryDocument,
                root);
        }

        return schemas;
    }

    private static (JsonSchema? Schema, JsonElement? Document) Build(JsonElement parts, string part, string name)
    {
        if (!parts.TryGetProperty(part, out var element))
        {
            return (null, null);
        }

        // A registry per schema: the official files leave $id out, so their base URIs would clash in a shared one.
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return (JsonSchema.Build(element, options, new Uri($"https://schemas.feishu.local/{name}/{part}")), element);
    }

    private static Stream Open(string name) =>
        typeof(FeishuRequestSchemas).Assembly.GetManifestResourceStream($"{ResourcePrefix}{name}.json")
            ?? throw new InvalidOperationException($"The embedded schema {name}.json is missing from {typeof(FeishuRequestSchemas).Assembly.GetName().Name}.");
}
