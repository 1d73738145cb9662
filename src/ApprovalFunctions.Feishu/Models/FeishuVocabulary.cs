using System.Reflection;
using System.Text.Json.Serialization;

namespace ApprovalFunctions.Feishu.Models;

/// <summary>
/// Feishu's words on the wire, in one place: the enums' names come from their <see cref="JsonStringEnumMemberNameAttribute"/>
/// (what the serializer writes), so an operator answer, a log or a rule spells a status exactly as Feishu does.
/// </summary>
public static class FeishuVocabulary
{
    /// <summary>The prefix of a text key that <c>i18n_resources</c> resolves per locale.</summary>
    public const string I18nKeyPrefix = "@i18n@";

    /// <summary>The first of the <c>i18n_resources</c> locales Feishu lists (Simplified Chinese).</summary>
    public const string SimplifiedChineseLocale = "zh-CN";

    /// <summary>The wire name of <paramref name="value"/>, e.g. <c>"PENDING"</c> for <see cref="TaskStatus.Pending"/>.</summary>
    public static string NameOf<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        WireNames<TEnum>.ByValue.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no such value.");

    /// <summary>Every wire name of <typeparamref name="TEnum"/>, in declaration order.</summary>
    public static IReadOnlyList<string> NamesOf<TEnum>()
        where TEnum : struct, Enum => WireNames<TEnum>.All;

    /// <summary>The value whose wire name is <paramref name="name"/> (case-insensitive), or null.</summary>
    public static TEnum? ValueOf<TEnum>(string? name)
        where TEnum : struct, Enum
    {
        foreach (var (value, wireName) in WireNames<TEnum>.ByValue)
        {
            if (string.Equals(wireName, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// The instance status a task-query <c>process_status</c> names, as a word ("APPROVED") or as the numeric string the
    /// official SDKs declare ("1" running, "2" approved, "3" rejected, "4" canceled, "5" terminated); null for "0" (none)
    /// and anything unknown.
    /// </summary>
    public static string? InstanceStatusOfProcessStatus(string? processStatus) => processStatus switch
    {
        null => null,
        "1" => NameOf(InstanceStatus.Pending),
        "2" => NameOf(InstanceStatus.Approved),
        "3" => NameOf(InstanceStatus.Rejected),
        "4" => NameOf(InstanceStatus.Canceled),
        "5" => NameOf(InstanceStatus.Terminated),
        _ => ValueOf<InstanceStatus>(processStatus) is { } status ? NameOf(status) : null,
    };

    private static class WireNames<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly IReadOnlyDictionary<TEnum, string> ByValue = typeof(TEnum)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(
                field => (TEnum)field.GetValue(null)!,
                field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                    ?? throw new InvalidOperationException($"{typeof(TEnum).Name}.{field.Name} has no wire name."));

        public static readonly IReadOnlyList<string> All = [.. Enum.GetValues<TEnum>().Select(value => ByValue[value])];
    }
}
