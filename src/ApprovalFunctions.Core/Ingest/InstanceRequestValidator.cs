using System.Net;
using System.Text.Json;
using ApprovalFunctions.Feishu.Json;
using ApprovalFunctions.Feishu.Schemas;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Validates one instance against Feishu's rules, reporting every problem by JSON path, and only then deserialises it into
/// <see cref="Feishu.Models.ExternalInstance"/>. The rules: Feishu's official schema of the sync body
/// (<see cref="FeishuSchemaRules"/>), and by hand what a schema cannot say: values (<see cref="InstanceValueRules"/>),
/// rules across the instance (<see cref="InstanceConsistencyRules"/>) and properties sent twice. Strings that are not
/// Unicode text (an escaped unpaired surrogate) are looked for first: the other rules read strings.
/// </summary>
public sealed class InstanceRequestValidator
{
    private const string InstanceDescription = "a Feishu third-party instance";

    /// <param name="instance">The instance as sent.</param>
    /// <param name="path">Its JSON path in the body: <c>$</c> for a single instance, <c>$.instances[2]</c> in a batch.</param>
    public IngestReadResult Validate(JsonElement instance, string path = JsonPath.Root)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var problems = new List<IngestProblem>();
        UnpairedSurrogates.Find(instance, path, problems);
        if (problems.Count > 0)
        {
            return IngestReadResult.Invalid((int)HttpStatusCode.BadRequest, problems);
        }

        DuplicateProperties.Find(instance, path, problems);
        FeishuSchemaRules.Check(FeishuRequestSchemas.ExternalInstanceCreate, InstanceDescription, instance, path, problems);
        var facts = InstanceValueRules.Check(instance, path, problems);
        InstanceConsistencyRules.Check(facts, path, problems);
        if (problems.Count > 0)
        {
            return IngestReadResult.Invalid((int)HttpStatusCode.BadRequest, problems);
        }

        try
        {
            var parsed = instance.Deserialize(FeishuJsonContext.Default.ExternalInstance)
                ?? throw new JsonException("The instance is null.");
            return IngestReadResult.Valid(parsed);
        }
        catch (JsonException exception)
        {
            // The rules above are the wire model's, so this is a safety net, not an expected path.
            var where = exception.Path is { Length: > 1 } relative ? path + relative[1..] : path;
            return IngestReadResult.Invalid((int)HttpStatusCode.BadRequest, [new(where, exception.Message)]);
        }
    }
}
