using System.Text.Json;
using ApprovalFunctions.Core.State;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Feishu's rules that its schema cannot say, for one instance: times as Unix milliseconds, ids, list sizes, a user on
/// every item, <c>extra</c> and links that Feishu can use. Reads only values of the kind the schema demands (the schema
/// reports the rest) and gathers the facts that the rules across the instance need (<see cref="InstanceConsistencyRules"/>).
/// </summary>
internal sealed partial class InstanceValueRules
{
    public const int MaxTasks = 300;
    public const int MaxCcs = 200;
    public const int MaxApprovalCodeLength = 128;
    public const int MaxFormCharacters = 2048;

    private readonly List<IngestProblem> _problems;
    private readonly InstanceFacts _facts = new();

    private InstanceValueRules(List<IngestProblem> problems) => _problems = problems;

    public static InstanceFacts Check(JsonElement instance, string path, List<IngestProblem> problems)
    {
        var rules = new InstanceValueRules(problems);
        if (SentObject.Of(instance, path) is { } root)
        {
            rules.CheckInstance(root);
        }

        return rules._facts;
    }

    private void CheckInstance(SentObject instance)
    {
        Id(instance, "approval_code", MaxApprovalCodeLength);
        CheckInstanceId(instance);
        Extra(instance);
        Links(instance);
        DisplayText(instance, "title");
        CheckForm(instance);
        RequireUser(instance, "the initiator");
        DisplayText(instance, "user_name");
        DisplayText(instance, "department_name");
        Time(instance, "start_time");
        Time(instance, "end_time", zeroAllowed: true);
        Time(instance, "update_time");
        foreach (var task in Capped(instance, "task_list", MaxTasks, "tasks"))
        {
            CheckTask(task);
        }

        foreach (var cc in Capped(instance, "cc_list", MaxCcs, "CCs"))
        {
            CheckCc(cc);
        }

        CheckI18nResources(instance);
    }

    private void CheckTask(SentObject task)
    {
        TrackId(task, "task_id");
        RequireUser(task, "the approver");
        DisplayText(task, "title");
        Links(task);
        Extra(task);
        Time(task, "create_time");
        Time(task, "end_time", zeroAllowed: true);
        Time(task, "update_time");
        foreach (var config in task.Items("action_configs").Objects)
        {
            Id(config, "action_type");
            DisplayText(config, "action_name");
        }

        DisplayText(task, "node_name");
    }

    private void CheckCc(SentObject cc)
    {
        TrackId(cc, "cc_id");
        RequireUser(cc, "the CC recipient");
        Links(cc);
        Extra(cc);
        DisplayText(cc, "title");
        Time(cc, "create_time");
        Time(cc, "update_time");
    }

    private IReadOnlyList<SentObject> Capped(SentObject owner, string name, int max, string what)
    {
        var (items, count) = owner.Items(name);
        if (count > max)
        {
            Add(owner, name, $"Holds {count} {what}; Feishu accepts at most {max} per instance.");
        }

        return items;
    }

    /// <summary>The instance id becomes table keys, queue messages and URLs: <see cref="InstanceIds"/> says what fits them all.</summary>
    private void CheckInstanceId(SentObject instance)
    {
        if (instance.Text("instance_id") is not { } id)
        {
            return;
        }

        if (InstanceIds.Problem(id) is { } problem)
        {
            Add(instance, "instance_id", problem);
            return;
        }

        _facts.EntityIds.Add((id, instance.PathOf("instance_id")));
    }

    private void TrackId(SentObject owner, string name)
    {
        if (Id(owner, name) is { } id)
        {
            _facts.EntityIds.Add((id, owner.PathOf(name)));
        }
    }

    private string? Id(SentObject owner, string name, int maxLength = int.MaxValue)
    {
        var id = owner.Text(name);
        if (id is not null && WireValueRules.IdProblem(id, maxLength) is { } problem)
        {
            Add(owner, name, problem);
            return null;
        }

        return id;
    }

    private void Time(SentObject owner, string name, bool zeroAllowed = false)
    {
        if (owner.Text(name) is { } time && WireValueRules.TimeProblem(time, zeroAllowed) is { } problem)
        {
            Add(owner, name, problem);
        }
    }

    private void Extra(SentObject owner)
    {
        if (owner.Text("extra") is { } extra && WireValueRules.ExtraProblem(extra) is { } problem)
        {
            Add(owner, "extra", problem);
        }
    }

    private void Links(SentObject owner)
    {
        if (owner.Child("links") is { } links && links.Text("pc_link") is { Length: 0 })
        {
            Add(links, "pc_link", "Must not be empty: Feishu opens this link from the approval center.");
        }
    }

    private void RequireUser(SentObject owner, string who)
    {
        if (string.IsNullOrWhiteSpace(owner.Text("user_id")) && string.IsNullOrWhiteSpace(owner.Text("open_id")))
        {
            Add(owner, "user_id", $"Give user_id or open_id ({who}); Feishu shows the item to no one without it.");
        }
    }

    private void Add(SentObject owner, string name, string message) => _problems.Add(new(owner.PathOf(name), message));
}
