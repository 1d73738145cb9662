using System.Text.Json;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Feishu's rules that its schema cannot say, by field: times as Unix milliseconds, ids, links Feishu can open,
/// <c>extra</c> holding a JSON object, list caps, a user on every item, the form's length, text keys. Looks only at values
/// of the kind the schema demands (the schema reports the rest) and gathers the facts that the rules across the instance
/// need (<see cref="InstanceConsistencyRules"/>).
/// </summary>
internal sealed class InstanceValueRules
{
    public const int MaxTasks = 300;
    public const int MaxCcs = 200;
    public const int MaxApprovalCodeLength = 128;
    public const int MaxFormCharacters = 2048;

    /// <summary>The rule of each string field, by its place in the instance (<c>[]</c> stands for any item of a list).</summary>
    private static readonly Dictionary<string, Action<InstanceValueRules, string, string>> StringRules = Build(
        (["approval_code"], (rules, value, path) => rules.Id(value, path, MaxApprovalCodeLength)),
        (["instance_id"], (rules, value, path) => rules.InstanceId(value, path)),
        (["task_list[].task_id", "cc_list[].cc_id"], (rules, value, path) => rules.EntityId(value, path)),
        (["task_list[].action_configs[].action_type"], (rules, value, path) => rules.Id(value, path)),
        (["start_time", "update_time", "task_list[].create_time", "task_list[].update_time", "cc_list[].create_time", "cc_list[].update_time"],
            (rules, value, path) => rules.Add(path, WireValueRules.TimeProblem(value, zeroAllowed: false))),
        (["end_time", "task_list[].end_time"], (rules, value, path) => rules.Add(path, WireValueRules.TimeProblem(value, zeroAllowed: true))),
        (["extra", "task_list[].extra", "cc_list[].extra"], (rules, value, path) => rules.Add(path, WireValueRules.ExtraProblem(value))),
        (["links.pc_link", "task_list[].links.pc_link", "cc_list[].links.pc_link"],
            (rules, value, path) => rules.Add(path, value.Length == 0 ? "Must not be empty: Feishu opens this link from the approval center." : null)),
        (["title", "user_name", "department_name", "task_list[].title", "task_list[].node_name", "task_list[].action_configs[].action_name", "cc_list[].title"],
            (rules, value, path) => rules.DisplayText(value, path)),
        (["form[].name", "form[].value"], (rules, value, path) => rules.FormText(value, path)),
        (["i18n_resources[].texts[].key"], (rules, value, path) => rules.TextKey(value, path)));

    /// <summary>Who must be named by <c>user_id</c> or <c>open_id</c> on each kind of object.</summary>
    private static readonly Dictionary<string, string> Users = new(StringComparer.Ordinal)
    {
        [string.Empty] = "the initiator",
        ["task_list[]"] = "the approver",
        ["cc_list[]"] = "the CC recipient",
    };

    private const string ItemStep = "[]";

    /// <summary>
    /// Every place on the way to a rule, with the places one step below it by property name (<c>[]</c> for the items of a
    /// list): the walk goes nowhere else, so the many values without a rule cost neither a visit nor a path.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Below =
        WaysToRules([.. StringRules.Keys, .. Users.Keys, "i18n_resources[]"]);

    private readonly List<IngestProblem> _problems;
    private readonly InstanceFacts _facts = new();
    private HashSet<string> _keysOfLocale = new(StringComparer.Ordinal);
    private int _formCharacters;

    private InstanceValueRules(List<IngestProblem> problems) => _problems = problems;

    public static InstanceFacts Check(JsonElement instance, string path, List<IngestProblem> problems)
    {
        var rules = new InstanceValueRules(problems);
        if (instance.ValueKind == JsonValueKind.Object)
        {
            rules.CheckCaps(instance, path);
            rules.Walk(instance, path, string.Empty);
            if (rules._formCharacters > MaxFormCharacters)
            {
                rules.Add(JsonPath.Property(path, "form"), $"The form's names and values hold {rules._formCharacters} characters in all; Feishu accepts at most {MaxFormCharacters}.");
            }
        }

        return rules._facts;
    }

    private void Walk(JsonElement element, string path, string place)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(element, path, place);
                if (Below.TryGetValue(place, out var properties))
                {
                    foreach (var property in element.EnumerateObject())
                    {
                        if (properties.TryGetValue(property.Name, out var propertyPlace))
                        {
                            Walk(property.Value, JsonPath.Property(path, property.Name), propertyPlace);
                        }
                    }
                }

                break;
            case JsonValueKind.Array when Below.TryGetValue(place, out var items) && items.TryGetValue(ItemStep, out var itemPlace):
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, JsonPath.Index(path, index++), itemPlace);
                }

                break;
            case JsonValueKind.String when StringRules.TryGetValue(place, out var rule):
                rule(this, element.GetString()!, path);
                break;
        }
    }

    private void CheckObject(JsonElement owner, string path, string place)
    {
        if (Users.TryGetValue(place, out var who) && string.IsNullOrWhiteSpace(Text(owner, "user_id")) && string.IsNullOrWhiteSpace(Text(owner, "open_id")))
        {
            Add(JsonPath.Property(path, "user_id"), $"Give user_id or open_id ({who}); Feishu shows the item to no one without it.");
        }

        if (place == "i18n_resources[]")
        {
            _keysOfLocale = new(StringComparer.Ordinal);
            bool? isDefault = owner.TryGetProperty("is_default", out var flag) && flag.ValueKind is JsonValueKind.True or JsonValueKind.False ? flag.GetBoolean() : null;
            _facts.I18nResources.Add(new(path, Text(owner, "locale"), isDefault, _keysOfLocale));
        }
    }

    private void CheckCaps(JsonElement instance, string path)
    {
        foreach (var (name, max, what) in (ReadOnlySpan<(string, int, string)>)[("task_list", MaxTasks, "tasks"), ("cc_list", MaxCcs, "CCs")])
        {
            if (instance.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > max)
            {
                Add(JsonPath.Property(path, name), $"Holds {list.GetArrayLength()} {what}; Feishu accepts at most {max} per instance.");
            }
        }

        if (instance.TryGetProperty("i18n_resources", out var resources) && resources.ValueKind == JsonValueKind.Array && resources.GetArrayLength() == 0)
        {
            Add(JsonPath.Property(path, "i18n_resources"), "Give at least one resource: the default locale, with is_default true and every text key.");
        }
    }

    /// <summary>The instance id becomes table keys, queue messages and URLs: <see cref="InstanceIds"/> says what fits them all.</summary>
    private void InstanceId(string id, string path)
    {
        if (Add(path, InstanceIds.Problem(id)))
        {
            _facts.EntityIds.Add((id, path));
        }
    }

    private void EntityId(string id, string path)
    {
        if (Id(id, path))
        {
            _facts.EntityIds.Add((id, path));
        }
    }

    private bool Id(string id, string path, int maxLength = int.MaxValue) => Add(path, WireValueRules.IdProblem(id, maxLength));

    private void TextKey(string key, string path)
    {
        if (Id(key, path) && !_keysOfLocale.Add(key))
        {
            Add(path, $"The key \"{key}\" is defined twice in this locale.");
        }
    }

    private void FormText(string text, string path)
    {
        _formCharacters += text.Length;
        DisplayText(text, path);
    }

    private void DisplayText(string text, string path)
    {
        if (text.StartsWith(FeishuVocabulary.I18nKeyPrefix, StringComparison.Ordinal))
        {
            _facts.I18nKeyUses.Add((text, path));
        }
    }

    /// <summary>Adds <paramref name="problem"/> when there is one; true when there is none.</summary>
    private bool Add(string path, string? problem)
    {
        if (problem is not null)
        {
            _problems.Add(new(path, problem));
        }

        return problem is null;
    }

    private static string? Text(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, Dictionary<string, string>> WaysToRules(IEnumerable<string> places)
    {
        var below = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var place in places)
        {
            // "task_list[].links.pc_link": "" -task_list-> "task_list" -[]-> "task_list[]" -links-> ... -pc_link-> the place.
            var (parent, at) = (string.Empty, 0);
            while (at < place.Length)
            {
                var start = place[at] == '.' ? at + 1 : at;
                var nameEnd = place.IndexOfAny(['.', '['], start);
                var end = place.AsSpan(start).StartsWith(ItemStep) ? start + ItemStep.Length : nameEnd < 0 ? place.Length : nameEnd;
                if (!below.TryGetValue(parent, out var steps))
                {
                    below[parent] = steps = new(StringComparer.Ordinal);
                }

                steps[place[start..end]] = place[..end];
                (parent, at) = (place[..end], end);
            }
        }

        return below;
    }

    private static Dictionary<string, Action<InstanceValueRules, string, string>> Build(params (string[] Places, Action<InstanceValueRules, string, string> Rule)[] rules) =>
        rules.SelectMany(entry => entry.Places.Select(place => (place, entry.Rule))).ToDictionary(pair => pair.place, pair => pair.Rule, StringComparer.Ordinal);
}
