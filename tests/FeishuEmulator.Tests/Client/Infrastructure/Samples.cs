using ApprovalFunctions.Feishu.Models;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace FeishuEmulator.Tests.Client.Infrastructure;

/// <summary>Valid requests for the emulated tenant, as the app builds them with the client's models.</summary>
public static class Samples
{
    public const string ApprovalCode = "approval-emulated";
    public const string Initiator = "ou_initiator";

    /// <summary>A Feishu time (Unix milliseconds) to build instances around.</summary>
    public const long Created = 1_772_000_000_000;

    public static ExternalInstance Instance(string instanceId, long updateTime = Created, UpdateMode? mode = null, params ExternalTask[] tasks) => new()
    {
        ApprovalCode = ApprovalCode,
        InstanceId = instanceId,
        Status = InstanceStatus.Pending,
        Links = new ExternalLinks { PcLink = $"https://erp.example.test/{instanceId}" },
        Title = "@i18n@title",
        OpenId = Initiator,
        StartTime = Created,
        EndTime = 0,
        UpdateTime = updateTime,
        UpdateMode = mode,
        TaskList = tasks,
        I18nResources = [new I18nResource { Locale = "zh-CN", IsDefault = true, Texts = [new I18nText { Key = "@i18n@title", Value = "采购申请" }] }],
    };

    public static ExternalTask Task(string taskId, string openId, TaskStatus status = TaskStatus.Pending, long updateTime = Created) => new()
    {
        TaskId = taskId,
        OpenId = openId,
        Links = new ExternalLinks { PcLink = $"https://erp.example.test/{taskId}" },
        Status = status,
        CreateTime = Created,
        EndTime = status == TaskStatus.Pending ? 0 : updateTime,
        UpdateTime = updateTime,
    };

    public static ExternalApprovalDefinition Definition(string approvalCode = ApprovalCode) => new()
    {
        ApprovalName = "@i18n@approval_name",
        ApprovalCode = approvalCode,
        GroupCode = "erp",
        External = new ExternalApprovalSettings { SupportPc = true, SupportMobile = true, SupportBatchRead = false },
        I18nResources = [new I18nResource { Locale = "zh-CN", IsDefault = true, Texts = [new I18nText { Key = "@i18n@approval_name", Value = "采购" }] }],
    };

    public static CheckInstancesRequest Check(ExternalInstance instance) => new()
    {
        Instances =
        [
            new CheckedInstance
            {
                InstanceId = instance.InstanceId,
                UpdateTime = instance.UpdateTime,
                Tasks = [.. (instance.TaskList ?? []).Select(task => new CheckedTask { TaskId = task.TaskId, UpdateTime = task.UpdateTime ?? 0 })],
            },
        ],
    };
}

public static class MetricCollectorExtensions
{
    /// <summary>The sum of the measurements whose tag <paramref name="tag"/> is <paramref name="value"/>.</summary>
    public static long Sum(this MetricCollector<long> collector, string tag, string value) =>
        collector.GetMeasurementSnapshot()
            .Where(measurement => measurement.Tags.TryGetValue(tag, out var actual) && Equals(actual, value))
            .Sum(measurement => measurement.Value);

    public static long Sum(this MetricCollector<long> collector) =>
        collector.GetMeasurementSnapshot().Sum(measurement => measurement.Value);
}
