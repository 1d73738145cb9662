using ApprovalFunctions.Feishu.Models;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace FeishuEmulator.Tests.Contract;

/// <summary>Requests as the app builds them: one with every field Feishu defines, minimal ones, the clean-up recipe.</summary>
public static class SampleRequests
{
    private const long Created = 1_700_000_000_000;

    public static ExternalInstance FullInstance() => new()
    {
        ApprovalCode = "approval-code-1",
        InstanceId = "inst-full",
        Status = InstanceStatus.Pending,
        Extra = """{"business_key":"PO-2026-0001"}""",
        Links = new ExternalLinks { PcLink = "https://erp.example.test/inst-full", MobileLink = "https://m.erp.example.test/inst-full" },
        Title = "@i18n@title",
        Form = [new FormField { Name = "@i18n@form_amount", Value = "@i18n@form_amount_value" }],
        UserId = "user-initiator",
        UserName = "@i18n@initiator",
        OpenId = "ou_initiator",
        DepartmentId = "od-sales",
        DepartmentName = "@i18n@department",
        StartTime = Created,
        EndTime = 0,
        UpdateTime = Created + 5,
        DisplayMethod = DisplayMethod.Sidebar,
        UpdateMode = UpdateMode.Update,
        TaskList =
        [
            new ExternalTask
            {
                TaskId = "task-1",
                UserId = "user-approver",
                OpenId = "ou_approver",
                Title = "@i18n@task_title",
                Links = new ExternalLinks { PcLink = "https://erp.example.test/task-1", MobileLink = "https://m.erp.example.test/task-1" },
                Status = TaskStatus.Pending,
                Extra = """{"complete_reason":"approved"}""",
                CreateTime = Created,
                EndTime = 0,
                UpdateTime = Created + 5,
                ActionContext = "ctx-1",
                ActionConfigs = [new ActionConfig { ActionType = "APPROVE", ActionName = "@i18n@approve", IsNeedReason = true, IsReasonRequired = false, IsNeedAttachment = false }],
                DisplayMethod = DisplayMethod.Browser,
                ExcludeStatistics = false,
                NodeId = "node-1",
                NodeName = "@i18n@node",
                GenerateType = TaskGenerateType.Default,
            },
        ],
        CcList =
        [
            new ExternalCc
            {
                CcId = "cc-1",
                UserId = "user-cc",
                OpenId = "ou_cc",
                Links = new ExternalLinks { PcLink = "https://erp.example.test/cc-1", MobileLink = "https://m.erp.example.test/cc-1" },
                ReadStatus = ReadStatus.Unread,
                Extra = "{}",
                Title = "@i18n@cc_title",
                CreateTime = Created,
                UpdateTime = Created + 5,
                DisplayMethod = DisplayMethod.Normal,
            },
        ],
        I18nResources =
        [
            new I18nResource
            {
                Locale = "zh-CN",
                IsDefault = true,
                Texts =
                [
                    new I18nText { Key = "@i18n@title", Value = "采购申请" },
                    new I18nText { Key = "@i18n@form_amount", Value = "金额" },
                ],
            },
            new I18nResource { Locale = "en-US", IsDefault = false, Texts = [new I18nText { Key = "@i18n@title", Value = "Purchase request" }] },
        ],
        TrusteeshipUrlToken = "trusteeship-token",
        TrusteeshipUserIdType = "user_id",
        TrusteeshipUrls = new TrusteeshipUrls
        {
            FormDetailUrl = "https://erp.example.test/form",
            ActionDefinitionUrl = "https://erp.example.test/actions",
            ApprovalNodeUrl = "https://erp.example.test/nodes",
            ActionCallbackUrl = "https://erp.example.test/callback",
            PullBusinessDataUrl = "https://erp.example.test/data",
        },
        TrusteeshipCacheConfig = new TrusteeshipCacheConfig { FormPolicy = TrusteeshipFormPolicy.ByNode, FormVaryWithLocale = true, FormVersion = "v1" },
        ResourceRegion = "cn",
    };

    public static ExternalInstance MinimalInstance() => new()
    {
        ApprovalCode = "approval-code-1",
        InstanceId = "inst-minimal",
        Status = InstanceStatus.Pending,
        Links = new ExternalLinks { PcLink = "https://erp.example.test/inst-minimal" },
        UserId = "user-initiator",
        StartTime = Created,
        EndTime = 0,
        UpdateTime = Created,
        I18nResources = [new I18nResource { Locale = "zh-CN", IsDefault = true, Texts = [new I18nText { Key = "@i18n@title", Value = "标题" }] }],
    };

    /// <summary>approval-api.md §7: REPLACE, APPROVED, no initiator, no tasks, no CCs.</summary>
    public static ExternalInstance CleanupInstance() => new()
    {
        ApprovalCode = "approval-code-1",
        InstanceId = "inst-cleanup",
        Status = InstanceStatus.Approved,
        UpdateMode = UpdateMode.Replace,
        Links = new ExternalLinks { PcLink = "https://erp.example.test/inst-cleanup" },
        StartTime = Created,
        EndTime = Created + 10,
        UpdateTime = Created + 10,
        I18nResources = [new I18nResource { Locale = "zh-CN", IsDefault = true, Texts = [new I18nText { Key = "@i18n@title", Value = "已清理" }] }],
    };

    public static CheckInstancesRequest Check() => new()
    {
        Instances =
        [
            new CheckedInstance
            {
                InstanceId = "inst-1",
                UpdateTime = Created + 5,
                Tasks = [new CheckedTask { TaskId = "task-1", UpdateTime = Created + 5 }],
            },
            new CheckedInstance { InstanceId = "inst-2", UpdateTime = Created, Tasks = [] },
        ],
    };

    public static ExternalApprovalDefinition FullDefinition() => new()
    {
        ApprovalName = "@i18n@approval_name",
        ApprovalCode = "approval-code-1",
        GroupCode = "erp",
        GroupName = "@i18n@group_name",
        External = new ExternalApprovalSettings
        {
            BizName = "@i18n@biz_name",
            BizType = "purchase",
            CreateLinkMobile = "https://m.erp.example.test/new",
            CreateLinkPc = "https://erp.example.test/new",
            SupportPc = true,
            SupportMobile = true,
            SupportBatchRead = false,
            EnableMarkReaded = true,
            EnableQuickOperate = true,
            ActionCallbackUrl = "https://erp.example.test/feishu/callback",
            ActionCallbackToken = "callback-token",
            ActionCallbackKey = "callback-key",
            AllowBatchOperate = false,
            ExcludeEfficiencyStatistics = false,
        },
        Viewers = [new ApprovalViewer { ViewerType = "USER", ViewerUserId = "user-viewer", ViewerDepartmentId = "od-sales" }],
        I18nResources =
        [
            new I18nResource
            {
                Locale = "zh-CN",
                IsDefault = true,
                Texts = [new I18nText { Key = "@i18n@approval_name", Value = "采购" }, new I18nText { Key = "@i18n@group_name", Value = "ERP" }],
            },
        ],
        Managers = ["user-manager"],
    };
}
