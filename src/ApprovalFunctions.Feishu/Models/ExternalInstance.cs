using System.Text.Json.Serialization;
using ApprovalFunctions.Feishu.Json;

namespace ApprovalFunctions.Feishu.Models;

/// <summary>
/// The body of "sync a third-party approval instance" (POST /open-apis/approval/v4/external_instances),
/// spelled exactly as Feishu spells it. It is also the body that ApprovalFunctions accepts from the
/// source system, so a system that already calls Feishu changes only its URL.
/// </summary>
public sealed record ExternalInstance
{
    public required string ApprovalCode { get; init; }

    public required string InstanceId { get; init; }

    public required InstanceStatus Status { get; init; }

    /// <summary>A JSON object serialised into a string; the document number goes in <c>business_key</c>.</summary>
    public string? Extra { get; init; }

    public required ExternalLinks Links { get; init; }

    public string? Title { get; init; }

    public IReadOnlyList<FormField>? Form { get; init; }

    public string? UserId { get; init; }

    public string? UserName { get; init; }

    public string? OpenId { get; init; }

    public string? DepartmentId { get; init; }

    public string? DepartmentName { get; init; }

    [JsonConverter(typeof(UnixMillisecondsConverter))]
    public required long StartTime { get; init; }

    /// <summary>0 while the instance is running.</summary>
    [JsonConverter(typeof(UnixMillisecondsConverter))]
    public required long EndTime { get; init; }

    [JsonConverter(typeof(UnixMillisecondsConverter))]
    public required long UpdateTime { get; init; }

    public DisplayMethod? DisplayMethod { get; init; }

    /// <summary>Missing means REPLACE, as in Feishu.</summary>
    public UpdateMode? UpdateMode { get; init; }

    public IReadOnlyList<ExternalTask>? TaskList { get; init; }

    public IReadOnlyList<ExternalCc>? CcList { get; init; }

    public required IReadOnlyList<I18nResource> I18nResources { get; init; }

    public string? TrusteeshipUrlToken { get; init; }

    public string? TrusteeshipUserIdType { get; init; }

    public TrusteeshipUrls? TrusteeshipUrls { get; init; }

    public TrusteeshipCacheConfig? TrusteeshipCacheConfig { get; init; }

    public string? ResourceRegion { get; init; }

    /// <summary>The mode Feishu applies: REPLACE unless the body says UPDATE.</summary>
    [JsonIgnore]
    public UpdateMode EffectiveUpdateMode => UpdateMode ?? Models.UpdateMode.Replace;
}

public sealed record ExternalLinks
{
    public required string PcLink { get; init; }

    public string? MobileLink { get; init; }
}

public sealed record FormField
{
    public string? Name { get; init; }

    public string? Value { get; init; }
}

public sealed record ExternalTask
{
    public required string TaskId { get; init; }

    public string? UserId { get; init; }

    public string? OpenId { get; init; }

    public string? Title { get; init; }

    public required ExternalLinks Links { get; init; }

    public required TaskStatus Status { get; init; }

    /// <summary>A JSON object serialised into a string; the end reason goes in <c>complete_reason</c>.</summary>
    public string? Extra { get; init; }

    [JsonConverter(typeof(UnixMillisecondsConverter))]
    public required long CreateTime { get; init; }

    [JsonConverter(typeof(UnixMillisecondsConverter))]
    public required long EndTime { get; init; }

    /// <summary>Optional in Feishu's schema; without it a task never wins an UPDATE.</summary>
    [JsonConverter(typeof(NullableUnixMillisecondsConverter))]
    public long? UpdateTime { get; init; }

    public string? ActionContext { get; init; }

    public IReadOnlyList<ActionConfig>? ActionConfigs { get; init; }

    public DisplayMethod? DisplayMethod { get; init; }

    public bool? ExcludeStatistics { get; init; }

    public string? NodeId { get; init; }

    public string? NodeName { get; init; }

    /// <summary>Omit rather than send an empty string.</summary>
    public TaskGenerateType? GenerateType { get; init; }
}

public sealed record ActionConfig
{
    public required string ActionType { get; init; }

    public string? ActionName { get; init; }

    public bool? IsNeedReason { get; init; }

    public bool? IsReasonRequired { get; init; }

    public bool? IsNeedAttachment { get; init; }
}

public sealed record ExternalCc
{
    public required string CcId { get; init; }

    public string? UserId { get; init; }

    public string? OpenId { get; init; }

    public required ExternalLinks Links { get; init; }

    public required ReadStatus ReadStatus { get; init; }

    public string? Extra { get; init; }

    public string? Title { get; init; }

    [JsonConverter(typeof(UnixMillisecondsConverter))]
    public required long CreateTime { get; init; }

    [JsonConverter(typeof(UnixMillisecondsConverter))]
    public required long UpdateTime { get; init; }

    public DisplayMethod? DisplayMethod { get; init; }
}

public sealed record I18nResource
{
    public required string Locale { get; init; }

    public required bool IsDefault { get; init; }

    public required IReadOnlyList<I18nText> Texts { get; init; }
}

public sealed record I18nText
{
    public required string Key { get; init; }

    public required string Value { get; init; }
}

public sealed record TrusteeshipUrls
{
    public string? FormDetailUrl { get; init; }

    public string? ActionDefinitionUrl { get; init; }

    public string? ApprovalNodeUrl { get; init; }

    public string? ActionCallbackUrl { get; init; }

    public string? PullBusinessDataUrl { get; init; }
}

public sealed record TrusteeshipCacheConfig
{
    public TrusteeshipFormPolicy? FormPolicy { get; init; }

    public bool? FormVaryWithLocale { get; init; }

    public string? FormVersion { get; init; }
}
