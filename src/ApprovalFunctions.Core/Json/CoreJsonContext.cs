using System.Text.Json.Serialization;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Sync;

namespace ApprovalFunctions.Core.Json;

/// <summary>
/// Source-generated JSON for Core's own stored and queued documents and HTTP answers: snake_case like Feishu's
/// bodies (the desired state embeds a Feishu instance, which then reads exactly as Feishu spells it), nulls omitted.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(DesiredState))]
[JsonSerializable(typeof(SyncedState))]
[JsonSerializable(typeof(SyncNudge))]
[JsonSerializable(typeof(IngestAcceptedBody))]
[JsonSerializable(typeof(IngestBatchBody))]
[JsonSerializable(typeof(IngestErrorBody))]
public sealed partial class CoreJsonContext : JsonSerializerContext;
