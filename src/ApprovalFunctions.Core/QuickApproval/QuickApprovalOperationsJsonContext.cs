using System.Text.Json.Serialization;
using ApprovalFunctions.Core.Operations;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>Source-generated JSON of quick approval's operator endpoints: snake_case, nulls omitted, unknown request fields refused.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ApprovalDefinitionRequest))]
[JsonSerializable(typeof(ApprovalDefinitionPublished))]
[JsonSerializable(typeof(OverdueActionsReport))]
[JsonSerializable(typeof(OperatorError))]
public sealed partial class QuickApprovalOperationsJsonContext : JsonSerializerContext;
