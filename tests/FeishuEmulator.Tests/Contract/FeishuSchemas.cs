using System.Text.Json;
using Json.Schema;

namespace FeishuEmulator.Tests.Contract;

/// <summary>One of Feishu's official request schemas (tools/FeishuEmulator/Schemas, copied from Feishu's API reference).</summary>
public sealed record FeishuSchema(string Name, string Path, string HttpMethod, JsonSchema? Data, JsonSchema? Params, JsonElement Document);

/// <summary>Loads Feishu's request schemas from the repository, where the emulator uses the same files.</summary>
public static class FeishuSchemas
{
    private static readonly Lazy<IReadOnlyDictionary<string, FeishuSchema>> All = new(Load);

    public static FeishuSchema ExternalInstanceCreate => Get("approval.v4.externalInstance.create");

    public static FeishuSchema ExternalInstanceCheck => Get("approval.v4.externalInstance.check");

    public static FeishuSchema TaskQuery => Get("approval.v4.task.query");

    public static FeishuSchema ExternalTaskList => Get("approval.v4.externalTask.list");

    public static FeishuSchema ExternalApprovalCreate => Get("approval.v4.externalApproval.create");

    public static string Directory { get; } = FindDirectory();

    private static FeishuSchema Get(string name) =>
        All.Value.TryGetValue(name, out var schema) ? schema : throw new InvalidOperationException($"Schema {name} not found in {Directory}.");

    private static Dictionary<string, FeishuSchema> Load()
    {
        var schemas = new Dictionary<string, FeishuSchema>(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.json"))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var root = document.RootElement.Clone();
            var name = root.GetProperty("name").GetString()!;
            var schema = root.GetProperty("schema");
            schemas[name] = new FeishuSchema(
                name,
                root.GetProperty("path").GetString()!,
                root.GetProperty("httpMethod").GetString()!,
                Build(schema, "data", name),
                Build(schema, "params", name),
                root);
        }

        return schemas;
    }

    private static JsonSchema? Build(JsonElement schema, string part, string name) =>
        schema.TryGetProperty(part, out var element)
            ? JsonSchema.Build(element, new BuildOptions(), new Uri($"https://schemas.feishu.test/{name}/{part}"))
            : null;

    private static string FindDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ApprovalFunctions.sln")))
            {
                return Path.Combine(dir.FullName, "tools", "FeishuEmulator", "Schemas");
            }
        }

        throw new InvalidOperationException($"ApprovalFunctions.sln not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>Validation against a schema, with every error located, so a failing test says what is wrong.</summary>
public static class SchemaAssert
{
    public static void Valid(JsonSchema? schema, JsonElement instance, string what)
    {
        Assert.NotNull(schema);
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? [])
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Key}: {error.Value}"))
            .ToList();
        Assert.True(result.IsValid, $"{what} does not validate:\n{string.Join('\n', errors)}\n{instance}");
    }

    public static void Invalid(JsonSchema? schema, JsonElement instance, string what)
    {
        Assert.NotNull(schema);
        Assert.False(schema.Evaluate(instance).IsValid, $"{what} should not validate: {instance}");
    }
}
