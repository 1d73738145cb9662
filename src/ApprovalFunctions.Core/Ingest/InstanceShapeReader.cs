using System.Text.Json;
using ApprovalFunctions.Core.State;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Walks one instance as Feishu's request schema describes it (types, required fields, enums, times, unknown
/// properties, list sizes, per-entity rules) and gathers the facts that cross-entity rules need.
/// </summary>
internal sealed partial class InstanceShapeReader
{
    public const int MaxTasks = 300;
    public const int MaxCcs = 200;
    public const int MaxApprovalCodeLength = 128;
    public const int MaxFormCharacters = 2048;

    private readonly List<IngestProblem> _problems;
    private readonly InstanceFacts _facts = new();

    private InstanceShapeReader(List<IngestProblem> problems) => _problems = problems;

    public static InstanceFacts Read(JsonElement instance, string path, List<IngestProblem> problems)
    {
        var reader = new InstanceShapeReader(problems);
        if (JsonObjectReader.Open(instance, path, problems, "a Feishu third-party instance") is { } root)
        {
            reader.ReadInstance(root);
        }

        return reader._facts;
    }

    private void ReadInstance(JsonObjectReader instance)
    {
        instance.Id("approval_code", MaxApprovalCodeLength);
        ReadInstanceId(instance);
        instance.Enum("status", required: true, FeishuVocabulary.InstanceStatuses);
        ReadExtra(instance);
        ReadLinks(instance);
        ReadDisplayText(instance, "title");
        ReadForm(instance);
        RequireUser(instance, "the initiator");
        ReadDisplayText(instance, "user_name");
        instance.String("department_id");
        ReadDisplayText(instance, "department_name");
        instance.Time("start_time", required: true);
        instance.Time("end_time", required: true, zeroAllowed: true);
        instance.Time("update_time", required: true);
        instance.Enum("display_method", required: false, FeishuVocabulary.DisplayMethods);
        instance.Enum("update_mode", required: false, FeishuVocabulary.UpdateModes);
        ReadList(instance, "task_list", MaxTasks, "tasks", ReadTask);
        ReadList(instance, "cc_list", MaxCcs, "CCs", ReadCc);
        ReadI18nResources(instance);
        ReadTrusteeship(instance);
        instance.String("resource_region");
        instance.RejectUnknownProperties();
    }

    private void ReadTask(JsonElement element, string path)
    {
        if (JsonObjectReader.Open(element, path, _problems, "a task") is not { } task)
        {
            return;
        }

        TrackId(task, "task_id");
        RequireUser(task, "the approver");
        ReadDisplayText(task, "title");
        ReadLinks(task);
        task.Enum("status", required: true, FeishuVocabulary.TaskStatuses);
        ReadExtra(task);
        task.Time("create_time", required: true);
        task.Time("end_time", required: true, zeroAllowed: true);
        task.Time("update_time", required: false);
        task.String("action_context");
        foreach (var (item, itemPath) in task.Array("action_configs") ?? [])
        {
            ReadActionConfig(item, itemPath);
        }

        task.Enum("display_method", required: false, FeishuVocabulary.DisplayMethods);
        task.Boolean("exclude_statistics");
        task.String("node_id");
        ReadDisplayText(task, "node_name");
        task.Enum(
            "generate_type",
            required: false,
            FeishuVocabulary.GenerateTypes,
            emptyHint: $"Must be one of {string.Join(", ", FeishuVocabulary.GenerateTypes)}; Feishu rejects \"\", so omit the property instead.");
        task.RejectUnknownProperties();
    }

    private void ReadActionConfig(JsonElement element, string path)
    {
        if (JsonObjectReader.Open(element, path, _problems, "an action config") is not { } config)
        {
            return;
        }

        config.Id("action_type");
        ReadDisplayText(config, "action_name");
        config.Boolean("is_need_reason");
        config.Boolean("is_reason_required");
        config.Boolean("is_need_attachment");
        config.RejectUnknownProperties();
    }

    private void ReadCc(JsonElement element, string path)
    {
        if (JsonObjectReader.Open(element, path, _problems, "a CC") is not { } cc)
        {
            return;
        }

        TrackId(cc, "cc_id");
        RequireUser(cc, "the CC recipient");
        ReadLinks(cc);
        cc.Enum("read_status", required: true, FeishuVocabulary.ReadStatuses);
        ReadExtra(cc);
        ReadDisplayText(cc, "title");
        cc.Time("create_time", required: true);
        cc.Time("update_time", required: true);
        cc.Enum("display_method", required: false, FeishuVocabulary.DisplayMethods);
        cc.RejectUnknownProperties();
    }

    private static void ReadTrusteeship(JsonObjectReader instance)
    {
        instance.String("trusteeship_url_token");
        instance.String("trusteeship_user_id_type");
        if (instance.Object("trusteeship_urls", required: false, "the hosting URLs") is { } urls)
        {
            foreach (var name in (string[])["form_detail_url", "action_definition_url", "approval_node_url", "action_callback_url", "pull_business_data_url"])
            {
                urls.String(name);
            }

            urls.RejectUnknownProperties();
        }

        if (instance.Object("trusteeship_cache_config", required: false, "the hosting cache config") is { } cache)
        {
            cache.Enum("form_policy", required: false, FeishuVocabulary.FormPolicies);
            cache.Boolean("form_vary_with_locale");
            cache.String("form_version");
            cache.RejectUnknownProperties();
        }
    }

    private void ReadList(JsonObjectReader owner, string name, int max, string what, Action<JsonElement, string> readItem)
    {
        var items = owner.Array(name);
        if (items is null)
        {
            return;
        }

        if (items.Count > max)
        {
            owner.AddProblem(name, $"Holds {items.Count} {what}; Feishu accepts at most {max} per instance.");
        }

        foreach (var (item, path) in items)
        {
            readItem(item, path);
        }
    }

    private static void ReadLinks(JsonObjectReader owner)
    {
        if (owner.Object("links", required: true, "{pc_link, mobile_link}") is not { } links)
        {
            return;
        }

        if (links.String("pc_link", required: true) is { Length: 0 })
        {
            links.AddProblem("pc_link", "Must not be empty: Feishu opens this link from the approval center.");
        }

        links.String("mobile_link");
        links.RejectUnknownProperties();
    }

    private static void ReadExtra(JsonObjectReader owner)
    {
        if (owner.String("extra") is not { } extra)
        {
            return;
        }

        const string Expected = "Must be a string holding a JSON object, e.g. \"{\\\"business_key\\\":\\\"PO-1\\\"}\"";
        try
        {
            using var document = JsonDocument.Parse(extra);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                owner.AddProblem("extra", $"{Expected}; it holds {JsonObjectReader.Describe(document.RootElement)}.");
            }
        }
        catch (JsonException exception)
        {
            owner.AddProblem("extra", $"{Expected}; it is not valid JSON: {exception.Message}");
        }
    }

    private static void RequireUser(JsonObjectReader owner, string who)
    {
        var userId = owner.String("user_id");
        var openId = owner.String("open_id");
        if (string.IsNullOrWhiteSpace(userId) && string.IsNullOrWhiteSpace(openId))
        {
            owner.AddProblem("user_id", $"Give user_id or open_id ({who}); Feishu shows the item to no one without it.");
        }
    }

    /// <summary>The instance id becomes table keys, queue messages and URLs: <see cref="InstanceIds"/> says what fits them all.</summary>
    private void ReadInstanceId(JsonObjectReader instance)
    {
        if (instance.String("instance_id", required: true) is not { } id)
        {
            return;
        }

        if (InstanceIds.Problem(id) is { } problem)
        {
            instance.AddProblem("instance_id", problem);
            return;
        }

        _facts.EntityIds.Add((id, instance.PathOf("instance_id")));
    }

    private void TrackId(JsonObjectReader owner, string name)
    {
        if (owner.Id(name) is { } id)
        {
            _facts.EntityIds.Add((id, owner.PathOf(name)));
        }
    }
}
