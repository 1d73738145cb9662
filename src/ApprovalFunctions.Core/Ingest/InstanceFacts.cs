namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// What <see cref="InstanceValueRules"/> gathers while it reads an instance, for the rules that look across
/// the whole instance (<see cref="InstanceConsistencyRules"/>).
/// </summary>
internal sealed class InstanceFacts
{
    /// <summary>The instance id, every task id and every CC id, in body order.</summary>
    public List<(string Id, string Path)> EntityIds { get; } = [];

    /// <summary>Every display text that holds an <c>@i18n@</c> key.</summary>
    public List<(string Key, string Path)> I18nKeyUses { get; } = [];

    public List<I18nResourceFacts> I18nResources { get; } = [];
}

/// <summary>One <c>i18n_resources[]</c> item; <see cref="Locale"/> and <see cref="IsDefault"/> are null when malformed.</summary>
internal sealed record I18nResourceFacts(string Path, string? Locale, bool? IsDefault, IReadOnlySet<string> Keys);
