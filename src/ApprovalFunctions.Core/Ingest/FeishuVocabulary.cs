using System.Reflection;
using System.Text.Json.Serialization;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>The values Feishu accepts for its enumerated fields, read from the wire models so that they cannot drift.</summary>
internal static class FeishuVocabulary
{
    public static readonly IReadOnlyList<string> InstanceStatuses = WireNames<InstanceStatus>();
    public static readonly IReadOnlyList<string> TaskStatuses = WireNames<Feishu.Models.TaskStatus>();
    public static readonly IReadOnlyList<string> ReadStatuses = WireNames<ReadStatus>();
    public static readonly IReadOnlyList<string> DisplayMethods = WireNames<DisplayMethod>();
    public static readonly IReadOnlyList<string> UpdateModes = WireNames<UpdateMode>();
    public static readonly IReadOnlyList<string> GenerateTypes = WireNames<TaskGenerateType>();
    public static readonly IReadOnlyList<string> FormPolicies = WireNames<TrusteeshipFormPolicy>();

    /// <summary>The locales of Feishu's schema for <c>i18n_resources[].locale</c>.</summary>
    public static readonly IReadOnlyList<string> Locales =
    [
        "zh-CN", "en-US", "ja-JP", "zh-HK", "zh-TW", "de-DE", "es-ES", "fr-FR",
        "id-ID", "it-IT", "ko-KR", "pt-BR", "th-TH", "vi-VN", "ms-MY", "ru-RU",
    ];

    /// <summary>The prefix of a text key that <c>i18n_resources</c> resolves per locale.</summary>
    public const string I18nKeyPrefix = "@i18n@";

    private static string[] WireNames<TEnum>()
        where TEnum : struct, Enum =>
        typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{typeof(TEnum).Name}.{field.Name} has no wire name."))
            .ToArray();
}
