using System.Text.Json.Serialization;
using ApprovalFunctions.Core.Operations.Cleanup;
using ApprovalFunctions.Core.Operations.Diagnose;
using ApprovalFunctions.Core.Operations.Parked;
using ApprovalFunctions.Core.Operations.Resync;
using ApprovalFunctions.Core.Operations.UserTasks;

namespace ApprovalFunctions.Core.Operations;

/// <summary>
/// Source-generated JSON of the operator tools' requests, answers, and stored plans: snake_case like
/// the rest of the app (an embedded Feishu instance reads exactly as Feishu spells it), nulls omitted.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(OperatorError))]
[JsonSerializable(typeof(InstanceDiagnosis))]
[JsonSerializable(typeof(UserTasksReport))]
[JsonSerializable(typeof(CleanupRequest))]
[JsonSerializable(typeof(CleanupScope))]
[JsonSerializable(typeof(CleanupPlanAnswer))]
[JsonSerializable(typeof(CleanupProgress))]
[JsonSerializable(typeof(ReplayRequest))]
[JsonSerializable(typeof(ReplayResult))]
[JsonSerializable(typeof(ReplayDryRun))]
[JsonSerializable(typeof(ParkedListAnswer))]
[JsonSerializable(typeof(ResyncAccepted))]
public sealed partial class OperationsJsonContext : JsonSerializerContext;
