using System.Globalization;
using ApprovalFunctions.Feishu.Models;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.LoadGenerator.Simulation;

/// <summary>
/// The source system's record of one instance. Every change starts with <see cref="BeginChange"/> at a strictly later
/// time; the tasks and CCs it touches get that time as their <c>update_time</c>, and <see cref="ChangeBody"/> builds what
/// the source sends for it: the whole instance (REPLACE) for the submit, then UPDATE bodies with the instance fields and
/// only the touched tasks and CCs.
/// </summary>
internal sealed class SourceInstance
{
    private const string OaBaseUrl = "https://oa.example.com";
    private const string OaMobileUrl = "https://m.oa.example.com";

    private readonly List<ExternalTask> _tasks = [];
    private readonly List<ExternalCc> _ccs = [];
    private readonly HashSet<string> _touchedTasks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touchedCcs = new(StringComparer.Ordinal);
    private readonly ApprovalProcess _process;
    private readonly string _documentNumber;
    private readonly string _initiator;
    private readonly int _amountInCents;
    private readonly IReadOnlyList<I18nResource> _i18nResources;
    private int _changes;

    public SourceInstance(string instanceId, ApprovalProcess process, int documentNumber, string initiator, int initiatorNumber, int amountInCents, long startTime)
    {
        InstanceId = instanceId;
        _process = process;
        _documentNumber = string.Create(CultureInfo.InvariantCulture, $"{process.DocumentPrefix}-{documentNumber:D6}");
        _initiator = initiator;
        _amountInCents = amountInCents;
        StartTime = startTime;
        _i18nResources = BuildI18nResources(process, _documentNumber, initiatorNumber);
    }

    public string InstanceId { get; }

    public InstanceStatus Status { get; private set; } = InstanceStatus.Pending;

    public long StartTime { get; }

    public long EndTime { get; private set; }

    /// <summary>The time of the change being built (the instance's <c>update_time</c>).</summary>
    public long UpdateTime { get; private set; }

    public IReadOnlyList<ExternalTask> Tasks => _tasks;

    public IReadOnlyList<ExternalCc> Ccs => _ccs;

    public int NodeCount => _process.Nodes.Count;

    public ExternalTask? PendingTask => _tasks.LastOrDefault(t => t.Status == TaskStatus.Pending);

    public bool IsFinal => Status != InstanceStatus.Pending;

    public void BeginChange(long time)
    {
        if (time <= UpdateTime)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, $"A change must come after the previous one ({UpdateTime}).");
        }

        UpdateTime = time;
        _touchedTasks.Clear();
        _touchedCcs.Clear();
    }

    public ExternalTask AddTask(string userId, int node, TaskGenerateType? generateType)
    {
        var taskId = string.Create(CultureInfo.InvariantCulture, $"{InstanceId}-t{_tasks.Count + 1:D2}");
        var task = new ExternalTask
        {
            TaskId = taskId,
            UserId = userId,
            Title = NodeKey(node),
            Links = Links($"tasks/{taskId}"),
            Status = TaskStatus.Pending,
            CreateTime = UpdateTime,
            EndTime = 0,
            UpdateTime = UpdateTime,
            NodeId = string.Create(CultureInfo.InvariantCulture, $"node_{node + 1}"),
            NodeName = NodeKey(node),
            GenerateType = generateType,
            ActionConfigs =
            [
                new ActionConfig { ActionType = "APPROVE", ActionName = "@i18n@action_approve" },
                new ActionConfig { ActionType = "REJECT", ActionName = "@i18n@action_reject", IsNeedReason = true, IsReasonRequired = true },
            ],
        };
        _tasks.Add(task);
        _touchedTasks.Add(taskId);
        return task;
    }

    /// <summary>Ends a task; <paramref name="completeReason"/> is Feishu's <c>complete_reason</c> (approved, add_pre, forward, recall, …).</summary>
    public void EndTask(string taskId, TaskStatus status, string completeReason)
    {
        var index = _tasks.FindIndex(t => t.TaskId == taskId);
        _tasks[index] = _tasks[index] with
        {
            Status = status,
            EndTime = UpdateTime,
            UpdateTime = UpdateTime,
            Extra = $$"""{"complete_reason":"{{completeReason}}"}""",
            ActionConfigs = null,
        };
        _touchedTasks.Add(taskId);
    }

    public ExternalCc AddCc(string userId)
    {
        var ccId = string.Create(CultureInfo.InvariantCulture, $"{InstanceId}-c{_ccs.Count + 1:D2}");
        var cc = new ExternalCc
        {
            CcId = ccId,
            UserId = userId,
            Links = Links($"cc/{ccId}"),
            ReadStatus = ReadStatus.Unread,
            Title = "@i18n@title",
            CreateTime = UpdateTime,
            UpdateTime = UpdateTime,
        };
        _ccs.Add(cc);
        _touchedCcs.Add(ccId);
        return cc;
    }

    public void ReadCc(string ccId)
    {
        var index = _ccs.FindIndex(c => c.CcId == ccId);
        _ccs[index] = _ccs[index] with { ReadStatus = ReadStatus.Read, UpdateTime = UpdateTime };
        _touchedCcs.Add(ccId);
    }

    public void Finish(InstanceStatus status)
    {
        Status = status;
        EndTime = UpdateTime;
    }

    /// <summary>What the source sends for the change being built: REPLACE with everything for the first one, else UPDATE with what it touched.</summary>
    public ExternalInstance ChangeBody()
    {
        var first = _changes++ == 0;
        return first
            ? State(UpdateMode.Replace)
            : State(UpdateMode.Update) with
            {
                TaskList = Touched(_tasks, _touchedTasks, t => t.TaskId),
                CcList = Touched(_ccs, _touchedCcs, c => c.CcId),
            };
    }

    /// <summary>The whole instance as the source holds it now.</summary>
    public ExternalInstance State(UpdateMode? mode = null) => new()
    {
        ApprovalCode = _process.ApprovalCode,
        InstanceId = InstanceId,
        Status = Status,
        Extra = $$"""{"business_key":"{{_documentNumber}}"}""",
        Links = Links($"approvals/{InstanceId}"),
        Title = "@i18n@title",
        Form =
        [
            new FormField { Name = "@i18n@form_document", Value = _documentNumber },
            new FormField { Name = "@i18n@form_amount", Value = (_amountInCents / 100m).ToString("0.00", CultureInfo.InvariantCulture) },
            new FormField { Name = "@i18n@form_reason", Value = "@i18n@reason_value" },
        ],
        UserId = _initiator,
        UserName = "@i18n@initiator_name",
        StartTime = StartTime,
        EndTime = EndTime,
        UpdateTime = UpdateTime,
        UpdateMode = mode,
        TaskList = _tasks.Count == 0 ? null : [.. _tasks],
        CcList = _ccs.Count == 0 ? null : [.. _ccs],
        I18nResources = _i18nResources,
    };

    private static List<T>? Touched<T>(List<T> all, HashSet<string> touched, Func<T, string> idOf)
    {
        var list = all.Where(item => touched.Contains(idOf(item))).ToList();
        return list.Count == 0 ? null : list;
    }

    private static ExternalLinks Links(string path) => new()
    {
        PcLink = $"{OaBaseUrl}/{path}",
        MobileLink = $"{OaMobileUrl}/{path}",
    };

    private static string NodeKey(int node) => string.Create(CultureInfo.InvariantCulture, $"@i18n@node_{node + 1}");

    private static List<I18nResource> BuildI18nResources(ApprovalProcess process, string documentNumber, int initiatorNumber)
    {
        List<I18nResource> resources =
        [
            new() { Locale = "zh-CN", IsDefault = true, Texts = Texts(process, documentNumber, initiatorNumber, english: false) },
            new() { Locale = "en-US", IsDefault = false, Texts = Texts(process, documentNumber, initiatorNumber, english: true) },
        ];
        return resources;
    }

    private static List<I18nText> Texts(ApprovalProcess process, string documentNumber, int initiatorNumber, bool english)
    {
        string Pick(LocalizedText text) => english ? text.English : text.Chinese;
        var number = initiatorNumber.ToString(CultureInfo.InvariantCulture);
        var texts = new List<I18nText>
        {
            new() { Key = "@i18n@title", Value = $"{Pick(process.Name)} {documentNumber}" },
            new() { Key = "@i18n@initiator_name", Value = english ? $"Employee {number}" : $"员工{number}" },
            new() { Key = "@i18n@form_document", Value = english ? "Document" : "单号" },
            new() { Key = "@i18n@form_amount", Value = english ? "Amount" : "金额" },
            new() { Key = "@i18n@form_reason", Value = english ? "Reason" : "事由" },
            new() { Key = "@i18n@reason_value", Value = english ? "Business trip" : "出差" },
            new() { Key = "@i18n@action_approve", Value = english ? "Approve" : "同意" },
            new() { Key = "@i18n@action_reject", Value = english ? "Reject" : "拒绝" },
        };
        texts.AddRange(process.Nodes.Select((node, i) => new I18nText
        {
            Key = string.Create(CultureInfo.InvariantCulture, $"@i18n@node_{i + 1}"),
            Value = Pick(node),
        }));
        return texts;
    }
}
