using System.Text.Json;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Feishu.Json;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.Feishu.Schemas;

namespace ApprovalFunctions.Core.Facade;

/// <summary>
/// Reads the body of Feishu's check call into its claims, or problems by JSON path: Feishu's official schema of the call
/// through <see cref="FeishuSchemaRules"/>, as ingest checks an instance, and by hand what that schema types only as
/// "string" (ids; times as Unix milliseconds, "0" for "unknown to me") and the number of instances, for which Feishu
/// publishes no maximum.
/// </summary>
internal static class CheckRequestReader
{
    private const string InstancesProperty = "instances";
    private const string BodyDescription = "{\"instances\": [...]}";

    public static IReadOnlyList<CheckedInstance>? Read(ReadOnlyMemory<byte> body, int maxInstances, List<IngestProblem> problems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            problems.Add(new(JsonPath.Root, $"The body is not valid JSON: {exception.Message}"));
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            // Strings that are not Unicode text would fail wherever they are read: looked for before anything reads them.
            UnpairedSurrogates.Find(root, JsonPath.Root, problems);
            if (problems.Count > 0)
            {
                return null;
            }

            DuplicateProperties.Find(root, JsonPath.Root, problems);
            // The values first: they name fields that were sent, in the order sent; the schema then adds what is missing or
            // of another type.
            CheckValues(root, maxInstances, problems);
            FeishuSchemaRules.Check(FeishuRequestSchemas.ExternalInstanceCheck, BodyDescription, root, JsonPath.Root, problems);
            if (problems.Count > 0)
            {
                return null;
            }

            // The schema lets a body of null pass (null counts as absent): it is no request all the same.
            var request = root.Deserialize(FeishuJsonContext.Default.CheckInstancesRequest);
            if (request is null)
            {
                problems.Add(new(JsonPath.Root, $"Must be a JSON object ({BodyDescription}), not null."));
            }

            return request?.Instances;
        }
    }

    private static void CheckValues(JsonElement root, int maxInstances, List<IngestProblem> problems)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(InstancesProperty, out var instances) || instances.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var instancesPath = JsonPath.Property(JsonPath.Root, InstancesProperty);
        var count = instances.GetArrayLength();
        if (count == 0 || count > maxInstances)
        {
            problems.Add(new(instancesPath, $"Must hold 1 to {maxInstances} instances; it holds {count}."));
            return;
        }

        var index = 0;
        foreach (var instance in instances.EnumerateArray())
        {
            var instancePath = JsonPath.Index(instancesPath, index++);
            CheckClaim(instance, instancePath, "instance_id", problems);
            if (instance.ValueKind == JsonValueKind.Object && instance.TryGetProperty("tasks", out var tasks) && tasks.ValueKind == JsonValueKind.Array)
            {
                var tasksPath = JsonPath.Property(instancePath, "tasks");
                var taskIndex = 0;
                foreach (var task in tasks.EnumerateArray())
                {
                    CheckClaim(task, JsonPath.Index(tasksPath, taskIndex++), "task_id", problems);
                }
            }
        }
    }

    /// <summary>An instance or a task claim: its id and its <c>update_time</c>, where they are strings.</summary>
    private static void CheckClaim(JsonElement claim, string path, string idProperty, List<IngestProblem> problems)
    {
        if (claim.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (claim.TryGetProperty(idProperty, out var id) && id.ValueKind == JsonValueKind.String && WireValueRules.IdProblem(id.GetString()!) is { } idProblem)
        {
            problems.Add(new(JsonPath.Property(path, idProperty), idProblem));
        }

        if (claim.TryGetProperty("update_time", out var time) && time.ValueKind == JsonValueKind.String
            && WireValueRules.TimeProblem(time.GetString()!, zeroAllowed: true) is { } timeProblem)
        {
            problems.Add(new(JsonPath.Property(path, "update_time"), timeProblem));
        }
    }
}
