using System.Text.Json.Serialization;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Sync;

namespace ApprovalFunctions.Core.Json;

/// <summary>
/// Source-generated JSON for Core's own stored and queued documents: snake_case like Feishu's
/// bodies (the desired state embeds a Feishu instance, which then reads exactly as Feishu spells it), nulls omitted.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(DesiredState))]
[JsonSerializable(typeof(SyncedState))]
[JsonSerializable(typeof(SyncNudge))]
public sealed partial class CoreJsonContext : JsonSerializerContext;
