using System.Text.Json;
using System.Text.Json.Serialization;
using ApprovalFunctions.Core.Json;
using ApprovalFunctions.FunctionApp.Functions.Ingest;

namespace ApprovalFunctions.FunctionApp.Http;

/// <summary>Source-generated JSON of the answers the FunctionApp itself shapes: problems and ingest answers.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(IngestAcceptedBody))]
[JsonSerializable(typeof(IngestBatchBody))]
public sealed partial class FunctionAppJsonContext : JsonSerializerContext;

/// <summary>The options of those answers: people read them, so non-ASCII text is written as itself (<see cref="ReadableJson"/>).</summary>
public static class FunctionAppJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(FunctionAppJsonContext.Default.Options) { Encoder = ReadableJson.Encoder };
        options.MakeReadOnly();
        return options;
    }
}
