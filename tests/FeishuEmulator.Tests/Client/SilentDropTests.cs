using ApprovalFunctions.Feishu.Models;
using FeishuEmulator.Configuration;
using FeishuEmulator.Protocol;
using FeishuEmulator.Tests.Client.Infrastructure;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace FeishuEmulator.Tests.Client;

/// <summary>
/// Feishu may answer a sync with code 0 and apply nothing. The client cannot tell; the check call can, and each
/// kind of loss comes back as its own kind of difference.
/// </summary>
public sealed class SilentDropTests
{
    private const long Later = Samples.Created + 60_000;

    [Fact]
    public async Task Dropped_first_sync_answers_success_and_check_reports_the_instance_unknown()
    {
        await using var feishu = await EmulatedFeishu.StartAsync();
        feishu.Emulator.Faults.SilentDropRate = 1;
        var instance = Samples.Instance("inst-dropped", tasks: Samples.Task("task-dropped", "ou_approver"));

        var synced = await feishu.Client.SyncInstanceAsync(instance, default);

        Assert.Equal(instance.InstanceId, synced.Data.Data?.InstanceId);
        Assert.Null(feishu.Emulator.State.FindInstance(instance.InstanceId));
        AssertDroppedOnce(feishu);

        var diff = Assert.Single((await feishu.Client.CheckInstancesAsync(Samples.Check(instance), default)).Data.DiffInstances);
        Assert.Equal(instance.InstanceId, diff.InstanceId);
        Assert.Equal(0, diff.UpdateTime);
        Assert.Empty(diff.Tasks);
    }

    [Fact]
    public async Task Dropped_task_update_answers_success_and_check_reports_Feishus_older_task_time()
    {
        await using var feishu = await EmulatedFeishu.StartAsync();
        await feishu.Client.SyncInstanceAsync(Samples.Instance("inst-1", tasks: Samples.Task("task-1", "ou_approver")), default);
        feishu.Emulator.Faults.SilentDropRate = 1;
        var approved = Samples.Instance("inst-1", Later, UpdateMode.Update, Samples.Task("task-1", "ou_approver", TaskStatus.Approved, Later));

        await feishu.Client.SyncInstanceAsync(approved, default);

        Assert.Equal("PENDING", feishu.Emulator.State.FindInstance("inst-1")!.FindTask("task-1")!.Status);
        AssertDroppedOnce(feishu);

        var diff = Assert.Single((await feishu.Client.CheckInstancesAsync(Samples.Check(approved), default)).Data.DiffInstances);
        Assert.Equal(Samples.Created, diff.UpdateTime);
        var task = Assert.Single(diff.Tasks);
        Assert.Equal("task-1", task.TaskId);
        Assert.Equal(Samples.Created, task.UpdateTime);
    }

    [Fact]
    public async Task Dropped_instance_update_answers_success_and_check_reports_Feishus_older_instance_time()
    {
        await using var feishu = await EmulatedFeishu.StartAsync();
        await feishu.Client.SyncInstanceAsync(Samples.Instance("inst-1"), default);
        feishu.Emulator.Faults.SilentDropRate = 1;
        var approved = Samples.Instance("inst-1", Later, UpdateMode.Update) with { Status = InstanceStatus.Approved, EndTime = Later };

        await feishu.Client.SyncInstanceAsync(approved, default);

        Assert.Equal("PENDING", feishu.Emulator.State.FindInstance("inst-1")!.Status);
        AssertDroppedOnce(feishu);

        var diff = Assert.Single((await feishu.Client.CheckInstancesAsync(Samples.Check(approved), default)).Data.DiffInstances);
        Assert.Equal(Samples.Created, diff.UpdateTime);
        Assert.Empty(diff.Tasks);
    }

    [Fact]
    public async Task Check_after_an_applied_sync_reports_no_difference()
    {
        await using var feishu = await EmulatedFeishu.StartAsync();
        var instance = Samples.Instance("inst-1", tasks: Samples.Task("task-1", "ou_approver"));
        await feishu.Client.SyncInstanceAsync(instance, default);

        var check = await feishu.Client.CheckInstancesAsync(Samples.Check(instance), default);

        Assert.Empty(check.Data.DiffInstances);
    }

    private static void AssertDroppedOnce(EmulatedFeishu feishu)
    {
        var stats = feishu.Emulator.Stats.Snapshot();
        Assert.Equal(1, stats.SilentlyDropped);
        Assert.Equal(0, stats.SyncIgnoredStale);
        Assert.Equal(stats.SyncApplied + 1, stats.CallsTo(FeishuEndpointNames.Sync));
    }
}
