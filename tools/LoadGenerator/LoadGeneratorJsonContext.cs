using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ApprovalFunctions.LoadGenerator.Delivery;
using ApprovalFunctions.LoadGenerator.Reporting;

namespace ApprovalFunctions.LoadGenerator;

/// <summary>The load generator's own JSON: the ingest answer and the run summary, snake_case like the rest of the API.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = true)]
[JsonSerializable(typeof(IngestResponse))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class LoadGeneratorJsonContext : JsonSerializerContext;
