using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>The texts of an instance: i18n resources, the form, and the display texts that may use <c>@i18n@</c> keys.</summary>
internal sealed partial class InstanceValueRules
{
    private void CheckI18nResources(SentObject instance)
    {
        var (resources, count) = instance.Items("i18n_resources");
        if (count == 0 && instance.HasArray("i18n_resources"))
        {
            Add(instance, "i18n_resources", "Give at least one resource: the default locale, with is_default true and every text key.");
        }

        foreach (var resource in resources)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var text in resource.Items("texts").Objects)
            {
                if (Id(text, "key") is { } key && !keys.Add(key))
                {
                    Add(text, "key", $"The key \"{key}\" is defined twice in this locale.");
                }
            }

            _facts.I18nResources.Add(new(resource.Path, resource.Text("locale"), resource.Flag("is_default"), keys));
        }
    }

    private void CheckForm(SentObject instance)
    {
        var characters = 0;
        foreach (var field in instance.Items("form").Objects)
        {
            characters += DisplayText(field, "name")?.Length ?? 0;
            characters += DisplayText(field, "value")?.Length ?? 0;
        }

        if (characters > MaxFormCharacters)
        {
            Add(instance, "form", $"The form's names and values hold {characters} characters in all; Feishu accepts at most {MaxFormCharacters}.");
        }
    }

    private string? DisplayText(SentObject owner, string name)
    {
        var text = owner.Text(name);
        if (text is not null && text.StartsWith(FeishuVocabulary.I18nKeyPrefix, StringComparison.Ordinal))
        {
            _facts.I18nKeyUses.Add((text, owner.PathOf(name)));
        }

        return text;
    }
}
