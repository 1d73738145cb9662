using ApprovalFunctions.Feishu.Models;
using FeishuTaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.Tests.Shared;

/// <summary>Small valid Feishu instances for the merge and sync rules.</summary>
internal static class SampleInstances
{
    public const string ApprovalCode = "APPROVAL-LEAVE";

    public static ExternalInstance Instance(
        string id = "inst-1",
        long time = 1_000,
        UpdateMode? mode = UpdateMode.Replace,
        IReadOnlyList<ExternalTask>? tasks = null,
        IReadOnlyList<ExternalCc>? ccs = null,
        InstanceStatus status = InstanceStatus.Pending,
        string approvalCode = ApprovalCode,
        string? departmentId = "dept-1") => new()
    {
        ApprovalCode = approvalCode,
        InstanceId = id,
        Status = status,
        Links = new ExternalLinks { PcLink = $"https://source.example/instances/{id}" },
        Title = "@i18n@title",
        UserId = "initiator",
        DepartmentId = departmentId,
        StartTime = 500,
        EndTime = status == InstanceStatus.Pending ? 0 : time,
        UpdateTime = time,
        UpdateMode = mode,
        TaskList = tasks,
        CcList = ccs,
        I18nResources = [new I18nResource { Locale = "en-US", IsDefault = true, Texts = [new I18nText { Key = "@i18n@title", Value = "Leave" }] }],
    };

    public static ExternalTask Task(string id, long? time, FeishuTaskStatus status = FeishuTaskStatus.Pending, string userId = "approver-1", string nodeId = "node-1") => new()
    {
        TaskId = id,
        UserId = userId,
        Links = new ExternalLinks { PcLink = $"https://source.example/tasks/{id}" },
        Status = status,
        CreateTime = 600,
        EndTime = status == FeishuTaskStatus.Pending ? 0 : time ?? 0,
        UpdateTime = time,
        NodeId = nodeId,
    };

    public static ExternalCc Cc(string id, long time, ReadStatus read = ReadStatus.Unread, string userId = "cc-user") => new()
    {
        CcId = id,
        UserId = userId,
        Links = new ExternalLinks { PcLink = $"https://source.example/ccs/{id}" },
        ReadStatus = read,
        CreateTime = 700,
        UpdateTime = time,
    };
}
