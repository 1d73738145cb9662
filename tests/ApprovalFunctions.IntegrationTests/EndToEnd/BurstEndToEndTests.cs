using System.Text.Json.Nodes;
using static ApprovalFunctions.IntegrationTests.EndToEnd.SourceInstances;

namespace ApprovalFunctions.IntegrationTests.EndToEnd;

public sealed class BurstEndToEndTests
{
    [Fact]
    public async Task Twenty_changes_accepted_before_the_queue_function_runs_cost_at_most_two_feishu_calls()
    {
        // The first host only ingests: the burst is fully queued before anything drains the queue.
        await using var stack = await AppStack.StartAsync(new AppStackOptions { Functions = HostFunctions.IngestOnly });
        const string id = "e2e-burst";
        var tasks = new List<JsonObject> { TaskItem("bu-t0", 1_000) };
        await stack.PostAcceptedAsync(Instance(id, 1_000, tasks: List(TaskItem("bu-t0", 1_000))));
        for (var i = 1; i < 20; i++)
        {
            await stack.PostAcceptedAsync(Instance(id, 1_000 + i, "UPDATE", tasks: List(TaskItem($"bu-t{i}", 1_000 + i))));
            tasks.Add(TaskItem($"bu-t{i}", 1_000 + i));
        }

        Assert.Equal(20, await stack.QueuedNudgesAsync());
        Assert.Equal(0, stack.FeishuSyncs.Total);

        await stack.StartHostAsync(HostFunctions.All);

        await stack.WaitForFeishuAsync(Instance(id, 1_019, tasks: List([.. tasks])));
        await stack.WaitForQueueDrainedAsync();
        Assert.InRange(stack.FeishuSyncs.CallsFor(id), 1, 2);
    }
}
