using System.Text.Json.Serialization;

namespace ApprovalFunctions.Core.Timeline;

/// <summary>Source-generated JSON of timeline events stored in <c>instanceevents</c>: snake_case, nulls omitted, like the documents.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InstanceEvent))]
public sealed partial class TimelineJsonContext : JsonSerializerContext;
