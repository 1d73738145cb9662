using System.Text.Json;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Json;
using ApprovalFunctions.Feishu.Models;
using FeishuEmulator.Configuration;
using FeishuEmulator.Protocol;
using FeishuEmulator.Tests.Client.Infrastructure;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace FeishuEmulator.Tests.Client;

/// <summary>Every call of <see cref="IFeishuApprovalClient"/> through the emulator, and what Feishu then holds.</summary>
public sealed class RoundTripTests
{
    private const string Approver = "ou_approver";
    private const long Approved = Samples.Created + 10_000;

    [Fact]
    public async Task Every_call_round_trips_through_the_client()
    {
        await using var feishu = await EmulatedFeishu.StartAsync(new FeishuEmulatorOptions { RequireKnownApprovalCode = true });
        var client = feishu.Client;

        // The definition first: this tenant refuses instances of an approval it does not know.
        var created = await client.CreateExternalApprovalAsync(Samples.Definition(), default);
        Assert.Equal(Samples.ApprovalCode, created.Data.ApprovalCode);
        Assert.Contains(Samples.ApprovalCode, feishu.Emulator.State.ApprovalCodes);

        // REPLACE writes the whole instance.
        var first = Samples.Instance("inst-a", Samples.Created, UpdateMode.Replace,
            Samples.Task("a-1", Approver), Samples.Task("a-2", Approver), Samples.Task("a-3", "ou_other"));
        var replaced = await client.SyncInstanceAsync(first, default);
        Assert.Equal(Json(first), Json(replaced.Data.Data!));
        await client.SyncInstanceAsync(Samples.Instance("inst-b", Samples.Created, UpdateMode.Replace, Samples.Task("b-1", Approver)), default);

        // UPDATE with newer times changes the instance and the task it names, and keeps the others.
        var update = Samples.Instance("inst-a", Approved, UpdateMode.Update, Samples.Task("a-1", Approver, TaskStatus.Approved, Approved));
        await client.SyncInstanceAsync(update, default);
        var held = feishu.Emulator.State.FindInstance("inst-a")!;
        Assert.Equal(Approved, held.UpdateTime);
        Assert.Equal(["a-1", "a-2", "a-3"], held.Tasks.Select(task => task.TaskId));
        Assert.Equal("APPROVED", held.FindTask("a-1")!.Status);
        Assert.Equal(Approved, held.FindTask("a-1")!.UpdateTime);

        // Check: what we sent last is current; an older belief comes back with Feishu's time.
        var current = new CheckedInstance
        {
            InstanceId = "inst-a",
            UpdateTime = Approved,
            Tasks = [new CheckedTask { TaskId = "a-1", UpdateTime = Approved }, new CheckedTask { TaskId = "a-2", UpdateTime = Samples.Created }],
        };
        var stale = new CheckedInstance { InstanceId = "inst-b", UpdateTime = Samples.Created - 1, Tasks = [] };
        var check = await client.CheckInstancesAsync(new CheckInstancesRequest { Instances = [current, stale] }, default);
        var diff = Assert.Single(check.Data.DiffInstances);
        Assert.Equal("inst-b", diff.InstanceId);
        Assert.Equal(Samples.Created, diff.UpdateTime);

        // Tasks query, one task a page: the approver's to-do list is a-2 and b-1; a-1 is done.
        var todo = await AllUserTaskPagesAsync(client, new UserTasksQuery { UserId = Approver, Topic = UserTaskTopics.Todo, PageSize = 1 });
        Assert.Equal(2, todo.Count);
        Assert.Equal(2, todo[0].Count?.Total);
        Assert.True(todo[0].HasMore);
        Assert.False(todo[^1].HasMore);
        Assert.Equal(["a-2", "b-1"], todo.SelectMany(page => page.Tasks).Select(task => task.TaskExternalId));
        Assert.All(todo.SelectMany(page => page.Tasks), task => Assert.Equal(Samples.ApprovalCode, task.DefinitionCode));
        var done = await client.QueryUserTasksAsync(new UserTasksQuery { UserId = Approver, Topic = UserTaskTopics.Done }, default);
        var doneTask = Assert.Single(done.Data.Tasks);
        Assert.Equal(("inst-a", "a-1"), (doneTask.ProcessExternalId, doneTask.TaskExternalId));
        Assert.Equal("https://erp.example.test/a-1", doneTask.Urls?.Pc);

        // External tasks list, one instance a page.
        var external = await AllExternalTaskPagesAsync(client, new ExternalTasksQuery { ApprovalCodes = [Samples.ApprovalCode], PageSize = 1 });
        Assert.Equal(2, external.Count);
        Assert.True(external[0].HasMore);
        Assert.False(external[^1].HasMore);
        var instances = external.SelectMany(page => page.Data).ToList();
        Assert.Equal(["inst-a", "inst-b"], instances.Select(instance => instance.InstanceId));
        Assert.Equal(Approved, instances[0].UpdateTime);
        Assert.Equal(
            [("a-1", "APPROVED", Approved), ("a-2", "PENDING", Samples.Created), ("a-3", "PENDING", Samples.Created)],
            instances[0].Tasks.Select(task => (task.Id, task.Status, task.UpdateTime ?? -1)));
        var pendingOfApprover = await client.ListExternalTasksAsync(
            new ExternalTasksQuery { InstanceIds = ["inst-a"], UserIds = [Approver], Status = TaskStatus.Pending }, default);
        Assert.Equal(["a-2"], Assert.Single(pendingOfApprover.Data.Data).Tasks.Select(task => task.Id));

        var stats = feishu.Emulator.Stats.Snapshot();
        Assert.Equal(1, stats.CallsTo(FeishuEndpointNames.Token));
        Assert.Equal(3, stats.SyncApplied);
        Assert.Equal(0, stats.Rejected);
        Assert.All(feishu.Wire.Exchanges, exchange => Assert.Equal(200, exchange.Status));
    }

    /// <summary>Records compare lists by reference; their wire form compares by content.</summary>
    private static string Json(ExternalInstance instance) => JsonSerializer.Serialize(instance, FeishuJsonContext.Default.ExternalInstance);

    private static async Task<List<UserTasksPage>> AllUserTaskPagesAsync(IFeishuApprovalClient client, UserTasksQuery query)
    {
        List<UserTasksPage> pages = [];
        do
        {
            var page = (await client.QueryUserTasksAsync(query, default)).Data;
            pages.Add(page);
            query = query with { PageToken = page.HasMore ? page.PageToken : null };
        }
        while (query.PageToken is not null);

        return pages;
    }

    private static async Task<List<ExternalTasksPage>> AllExternalTaskPagesAsync(IFeishuApprovalClient client, ExternalTasksQuery query)
    {
        List<ExternalTasksPage> pages = [];
        do
        {
            var page = (await client.ListExternalTasksAsync(query, default)).Data;
            pages.Add(page);
            query = query with { PageToken = page.HasMore ? page.PageToken : null };
        }
        while (query.PageToken is not null);

        return pages;
    }
}
