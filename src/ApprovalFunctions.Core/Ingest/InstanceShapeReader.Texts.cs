namespace ApprovalFunctions.Core.Ingest;

/// <summary>The texts of an instance: i18n resources, the form, and the display texts that may use <c>@i18n@</c> keys.</summary>
internal sealed partial class InstanceShapeReader
{
    private void ReadI18nResources(JsonObjectReader instance)
    {
        var resources = instance.Array("i18n_resources", required: true);
        if (resources is { Count: 0 })
        {
            instance.AddProblem("i18n_resources", "Give at least one resource: the default locale, with is_default true and every text key.");
        }

        foreach (var (element, path) in resources ?? [])
        {
            if (JsonObjectReader.Open(element, path, _problems, "an i18n resource") is not { } resource)
            {
                continue;
            }

            var locale = resource.Enum("locale", required: true, FeishuVocabulary.Locales);
            var isDefault = resource.Boolean("is_default", required: true);
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (textElement, textPath) in resource.Array("texts", required: true) ?? [])
            {
                if (JsonObjectReader.Open(textElement, textPath, _problems, "a text {key, value}") is not { } text)
                {
                    continue;
                }

                if (text.Id("key") is { } key && !keys.Add(key))
                {
                    text.AddProblem("key", $"The key \"{key}\" is defined twice in this locale.");
                }

                text.String("value", required: true);
                text.RejectUnknownProperties();
            }

            resource.RejectUnknownProperties();
            _facts.I18nResources.Add(new(path, locale, isDefault, keys));
        }
    }

    private void ReadForm(JsonObjectReader instance)
    {
        var fields = instance.Array("form");
        if (fields is null)
        {
            return;
        }

        var characters = 0;
        foreach (var (element, path) in fields)
        {
            if (JsonObjectReader.Open(element, path, _problems, "a form field {name, value}") is not { } field)
            {
                continue;
            }

            characters += ReadDisplayText(field, "name")?.Length ?? 0;
            characters += ReadDisplayText(field, "value")?.Length ?? 0;
            field.RejectUnknownProperties();
        }

        if (characters > MaxFormCharacters)
        {
            instance.AddProblem("form", $"The form's names and values hold {characters} characters in all; Feishu accepts at most {MaxFormCharacters}.");
        }
    }

    private string? ReadDisplayText(JsonObjectReader owner, string name)
    {
        var text = owner.String(name);
        if (text is not null && text.StartsWith(FeishuVocabulary.I18nKeyPrefix, StringComparison.Ordinal))
        {
            _facts.I18nKeyUses.Add((text, owner.PathOf(name)));
        }

        return text;
    }
}
