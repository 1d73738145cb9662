using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;
using Azure;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.UnitTests.Reconcile;

/// <summary>Desired states and watermarks for reconcile tests.</summary>
internal static class ReconcileTestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 5, 30, TimeSpan.Zero);

    public static DesiredState Desired(string id, long version = 1, DateTimeOffset? receivedAt = null, bool purged = false, bool complete = true) => new()
    {
        InstanceId = id,
        ApprovalCode = "code",
        DesiredVersion = version,
        Complete = complete,
        LastReceivedAt = receivedAt ?? Now.AddMinutes(-10),
        Purged = purged,
        Instance = new ExternalInstance
        {
            ApprovalCode = "code",
            InstanceId = id,
            Status = InstanceStatus.Pending,
            Links = new ExternalLinks { PcLink = "https://example.com" },
            StartTime = 1,
            EndTime = 0,
            UpdateTime = 1_000,
            TaskList = [new ExternalTask { TaskId = $"{id}-t1", Links = new ExternalLinks { PcLink = "https://example.com" }, Status = TaskStatus.Pending, CreateTime = 1, EndTime = 0, UpdateTime = 1_000 }],
            I18nResources = [],
        },
    };

    public static SyncedState Synced(string id, long version = 1) => new()
    {
        InstanceId = id,
        FeishuInstanceTime = 1_000,
        SyncedInstanceTime = 1_000,
        SyncedDesiredVersion = version,
        LastSyncAt = Now.AddMinutes(-9),
        Tasks = new Dictionary<string, EntityWatermark>(StringComparer.Ordinal)
        {
            [$"{id}-t1"] = new(1_000, "fp-1"),
            [$"{id}-t2"] = new(900, "fp-2"),
        },
    };

    public static InstanceState State(DesiredState? desired, SyncedState? synced) =>
        new(desired?.InstanceId ?? synced?.InstanceId ?? "x", desired is null ? null : new(desired, new ETag("d")), synced is null ? null : new(synced, new ETag("s")));
}
