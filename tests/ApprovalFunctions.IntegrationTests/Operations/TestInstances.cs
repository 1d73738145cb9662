using ApprovalFunctions.Feishu.Models;
using FeishuTaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.IntegrationTests.Operations;

/// <summary>Valid Feishu instances for the operator tests; user ids are open ids.</summary>
internal static class TestInstances
{
    public const long BaseTime = 1_760_000_000_000;

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static ExternalInstance Instance(
        string id,
        string approvalCode,
        long time = BaseTime,
        UpdateMode mode = UpdateMode.Replace,
        IReadOnlyList<ExternalTask>? tasks = null,
        IReadOnlyList<ExternalCc>? ccs = null,
        string initiator = "ou_initiator") => new()
    {
        ApprovalCode = approvalCode,
        InstanceId = id,
        Status = InstanceStatus.Pending,
        Links = new ExternalLinks { PcLink = $"https://source.example/instances/{id}", MobileLink = $"https://source.example/m/instances/{id}" },
        Title = "@i18n@title",
        OpenId = initiator,
        StartTime = BaseTime - 60_000,
        EndTime = 0,
        UpdateTime = time,
        UpdateMode = mode,
        TaskList = tasks,
        CcList = ccs,
        I18nResources = [new I18nResource { Locale = "en-US", IsDefault = true, Texts = [new I18nText { Key = "@i18n@title", Value = "Leave request" }] }],
    };

    public static ExternalTask Task(string id, string openId, long time = BaseTime, FeishuTaskStatus status = FeishuTaskStatus.Pending) => new()
    {
        TaskId = id,
        OpenId = openId,
        Links = new ExternalLinks { PcLink = $"https://source.example/tasks/{id}" },
        Status = status,
        CreateTime = BaseTime - 30_000,
        EndTime = status == FeishuTaskStatus.Pending ? 0 : time,
        UpdateTime = time,
        NodeId = "node-1",
    };

    public static ExternalCc Cc(string id, string openId, long time = BaseTime, ReadStatus read = ReadStatus.Unread) => new()
    {
        CcId = id,
        OpenId = openId,
        Links = new ExternalLinks { PcLink = $"https://source.example/ccs/{id}" },
        ReadStatus = read,
        CreateTime = BaseTime - 20_000,
        UpdateTime = time,
    };
}
