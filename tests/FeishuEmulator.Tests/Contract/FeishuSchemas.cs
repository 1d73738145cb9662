using System.Text.Json;
using ApprovalFunctions.Feishu.Schemas;
using Json.Schema;

namespace FeishuEmulator.Tests.Contract;

/// <summary>One of Feishu's official request schemas (embedded in ApprovalFunctions.Feishu, copied from Feishu's API reference).</summary>
public sealed record FeishuSchema(string Name, string Path, string HttpMethod, JsonSchema? Data, JsonSchema? Params, JsonElement Document);

/// <summary>Feishu's request schemas as the app ships them: ingest and the emulator validate against the same ones.</summary>
public static class FeishuSchemas
{
    public static FeishuSchema ExternalInstanceCreate => Get(FeishuRequestSchemas.ExternalInstanceCreate);

    public static FeishuSchema ExternalInstanceCheck => Get(FeishuRequestSchemas.ExternalInstanceCheck);

    public static FeishuSchema TaskQuery => Get(FeishuRequestSchemas.TaskQuery);

    public static FeishuSchema ExternalTaskList => Get(FeishuRequestSchemas.ExternalTaskList);

    public static FeishuSchema ExternalApprovalCreate => Get(FeishuRequestSchemas.ExternalApprovalCreate);

    private static FeishuSchema Get(FeishuRequestSchema official) =>
        new(official.Name, official.Path, official.HttpMethod, official.Body, official.Query, official.Document);
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
