using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Models;
using Azure.Data.Tables;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.ReconcileBenchmark;

/// <summary>The seeded instances: two tasks and one CC each, synced once by REPLACE.</summary>
internal static class BenchmarkInstances
{
    private const int MaxBatch = 100;

    public static ExternalInstance Create(string instanceId, long updateTime)
    {
        var links = new ExternalLinks { PcLink = $"https://approvals.example.com/{instanceId}", MobileLink = $"https://m.approvals.example.com/{instanceId}" };
        return new ExternalInstance
        {
            ApprovalCode = "benchmark-approval",
            InstanceId = instanceId,
            Status = InstanceStatus.Pending,
            Links = links,
            Title = "@i18n@title",
            UserId = "initiator",
            StartTime = updateTime - 60_000,
            EndTime = 0,
            UpdateTime = updateTime,
            UpdateMode = UpdateMode.Replace,
            TaskList = Enumerable.Range(1, 2).Select(n => new ExternalTask
            {
                TaskId = $"{instanceId}-task-{n}",
                UserId = $"approver-{n}",
                Links = links,
                Status = TaskStatus.Pending,
                CreateTime = updateTime - 60_000,
                EndTime = 0,
                UpdateTime = updateTime,
            }).ToList(),
            CcList =
            [
                new ExternalCc { CcId = $"{instanceId}-cc-1", UserId = "cc-user", Links = links, ReadStatus = ReadStatus.Unread, CreateTime = updateTime - 60_000, UpdateTime = updateTime },
            ],
            I18nResources = [new I18nResource { Locale = "en-US", IsDefault = true, Texts = [new I18nText { Key = "@i18n@title", Value = "Expense claim" }] }],
        };
    }

    /// <summary>Desired state at version 1 and the watermarks of its successful REPLACE.</summary>
    public static (DesiredState Desired, SyncedState Synced) StateOf(ExternalInstance instance, DateTimeOffset receivedAt)
    {
        var desired = new DesiredState
        {
            InstanceId = instance.InstanceId,
            ApprovalCode = instance.ApprovalCode,
            DesiredVersion = 1,
            Complete = true,
            ReplaceRequestedVersion = 1,
            LastReceivedAt = receivedAt,
            Instance = instance with { UpdateMode = null },
        };
        var synced = new SyncedState
        {
            InstanceId = instance.InstanceId,
            FeishuInstanceTime = instance.UpdateTime,
            SyncedInstanceTime = instance.UpdateTime,
            InstanceFingerprint = ImmutableFingerprints.Of(instance),
            Tasks = instance.TaskList!.ToDictionary(t => t.TaskId, t => new EntityWatermark(t.UpdateTime!.Value, ImmutableFingerprints.Of(t)), StringComparer.Ordinal),
            Ccs = instance.CcList!.ToDictionary(c => c.CcId, c => new EntityWatermark(c.UpdateTime, ImmutableFingerprints.Of(c)), StringComparer.Ordinal),
            SyncedDesiredVersion = 1,
            LastSyncAt = receivedAt.AddSeconds(2),
            LastSyncMode = SyncMode.Replace,
        };
        return (desired, synced);
    }

    /// <summary>Inserts entities as entity-group transactions of up to 100 rows per partition.</summary>
    public static Task InsertInBatchesAsync(TableClient table, IEnumerable<TableEntity> entities, ParallelOptions parallel)
    {
        var batches = entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal).SelectMany(partition => partition.Chunk(MaxBatch));
        return Parallel.ForEachAsync(batches, parallel, async (batch, ct) =>
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct));
    }
}
