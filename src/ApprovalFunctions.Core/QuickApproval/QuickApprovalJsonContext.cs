using System.Text.Json.Serialization;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>Source-generated JSON of quick approval: the relayed action and the Feishu-facing answers, snake_case, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RelayedAction))]
[JsonSerializable(typeof(FeishuCallbackAnswerBody))]
public sealed partial class QuickApprovalJsonContext : JsonSerializerContext;
