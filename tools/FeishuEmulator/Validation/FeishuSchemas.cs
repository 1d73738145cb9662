using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Json.Schema;

namespace FeishuEmulator.Validation;

/// <summary>
/// Feishu's official request schemas (embedded byte-identical copies) and validation against them.
/// A failure becomes the first error's location as a field path, e.g. <c>task_list[3].status</c>.
/// </summary>
internal sealed class FeishuSchemas
{
    public const string SyncSchema = "approval.v4.externalInstance.create";
    public const string CheckSchema = "approval.v4.externalInstance.check";
    public const string TasksQuerySchema = "approval.v4.task.query";
    public const string ExternalTasksSchema = "approval.v4.externalTask.list";
    public const string ExternalApprovalsSchema = "approval.v4.externalApproval.create";

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };
    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    public FeishuSchemas()
    {
        foreach (var name in new[] { SyncSchema, CheckSchema, TasksQuerySchema, ExternalTasksSchema, ExternalApprovalsSchema })
        {
            using var document = JsonDocument.Parse(ReadResource(name));
            var schemas = document.RootElement.GetProperty("schema");
            foreach (var part in new[] { "data", "params" })
            {
                if (schemas.TryGetProperty(part, out var element))
                {
                    // A registry per schema: the official files all leave $id out, so they would clash in a shared one.
                    var build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
                    _schemas[$"{name}#{part}"] = JsonSchema.Build(element.Clone(), build, new Uri($"https://emulator.feishu.local/{name}/{part}"));
                }
            }
        }
    }

    /// <summary>Returns null when <paramref name="instance"/> matches, else "path message".</summary>
    public string? ValidateBody(string schemaName, JsonElement instance) => Validate($"{schemaName}#data", instance);

    public string? ValidateQuery(string schemaName, JsonElement instance) => Validate($"{schemaName}#params", instance);

    private string? Validate(string key, JsonElement instance)
    {
        var results = _schemas[key].Evaluate(instance, Evaluation);
        if (results.IsValid)
        {
            return null;
        }

        var failures = (results.Details ?? [])
            .Where(d => !d.IsValid && d.Errors is { Count: > 0 })
            .Select(d => (Path: FieldPath.FromPointer(d.InstanceLocation.ToString()), Message: d.Errors!.Values.First()))
            .ToList();
        if (results.Errors is { Count: > 0 } rootErrors)
        {
            failures.Add((FieldPath.FromPointer(results.InstanceLocation.ToString()), rootErrors.Values.First()));
        }

        if (failures.Count == 0)
        {
            return "request does not match the schema";
        }

        // Deepest location first: "task_list[3].status must be one of ..." says more than "task_list[3] is invalid".
        var (path, message) = failures.OrderByDescending(f => f.Path.Length).First();
        return string.IsNullOrEmpty(path)
            ? message
            : string.Create(CultureInfo.InvariantCulture, $"{path}: {message}");
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"FeishuEmulator.Schemas.{name}.json")
            ?? throw new InvalidOperationException($"The embedded schema {name}.json is missing from the emulator assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
