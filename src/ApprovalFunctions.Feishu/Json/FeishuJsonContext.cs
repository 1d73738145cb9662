using System.Text.Json.Serialization;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Feishu.Json;

/// <summary>
/// Source-generated JSON for every Feishu body: snake_case as Feishu spells it, nulls omitted
/// (Feishu rejects some empty values, e.g. generate_type ""), times through <see cref="UnixMillisecondsConverter"/>.
/// Reading also takes numbers sent as strings ("expire": "7200"), as Feishu's own examples mix the two.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(ExternalInstance))]
[JsonSerializable(typeof(FeishuEnvelope<SyncInstanceResponse>))]
[JsonSerializable(typeof(CheckInstancesRequest))]
[JsonSerializable(typeof(FeishuEnvelope<CheckInstancesResponse>))]
[JsonSerializable(typeof(TenantAccessTokenRequest))]
[JsonSerializable(typeof(TenantAccessTokenResponse))]
[JsonSerializable(typeof(FeishuEnvelope<UserTasksPage>))]
[JsonSerializable(typeof(ExternalTasksQuery))]
[JsonSerializable(typeof(FeishuEnvelope<ExternalTasksPage>))]
[JsonSerializable(typeof(ExternalApprovalDefinition))]
[JsonSerializable(typeof(FeishuEnvelope<CreateExternalApprovalResponse>))]
[JsonSerializable(typeof(FeishuEnvelope<System.Text.Json.JsonElement>))]
public sealed partial class FeishuJsonContext : JsonSerializerContext;
