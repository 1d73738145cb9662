using System.Text.Json.Serialization;
using ApprovalFunctions.Core.Timeline;

namespace ApprovalFunctions.Core.Operations.Overview;

/// <summary>Source-generated JSON of the console's answers and of the round log: snake_case, nulls omitted, like the other operator tools.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(OverviewAnswer))]
[JsonSerializable(typeof(List<RoundRecord>))]
[JsonSerializable(typeof(InstanceTimelineAnswer))]
public sealed partial class ConsoleJsonContext : JsonSerializerContext;
