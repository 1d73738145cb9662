using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalFunctions.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static ApprovalFunctions.IntegrationTests.EndToEnd.SourceInstances;

namespace ApprovalFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// HTTP → queue → sync → Feishu on one stack: Azurite, the emulator, and the local host running the app's own functions.
/// Every test uses its own instance ids, so the tests share the stack.
/// </summary>
public sealed class PipelineEndToEndTests(AppStack stack, ITestOutputHelper output) : IClassFixture<AppStack>
{
    [Fact]
    public async Task Realistic_workflow_posted_step_by_step_ends_exactly_equal_in_feishu()
    {
        const string id = "e2e-workflow";
        JsonObject[] steps =
        [
            // Submitted: the manager's task is pending.
            Instance(id, 1_000, tasks: List(TaskItem("wf-n1", 1_000))),
            // Node 1 approves; finance's task opens.
            Instance(id, 2_000, "UPDATE", tasks: List(TaskItem("wf-n1", 2_000, "APPROVED"), TaskItem("wf-n2", 2_000, node: "node-finance"))),
            // Finance adds a signer.
            Instance(id, 3_000, "UPDATE", tasks: List(TaskItem("wf-n2b", 3_000, user: "u-added-signer", node: "node-finance"))),
            // The initiator copies a colleague.
            Instance(id, 4_000, "UPDATE", ccs: List(Cc("wf-cc1", 4_000))),
            // Final approval.
            Instance(id, 5_000, "UPDATE", "APPROVED", tasks: List(
                TaskItem("wf-n2", 5_000, "APPROVED", node: "node-finance"),
                TaskItem("wf-n2b", 5_000, "APPROVED", user: "u-added-signer", node: "node-finance"))),
        ];

        foreach (var step in steps)
        {
            Assert.Equal("queued", await stack.PostAcceptedAsync(step));
            await stack.WaitForQueueDrainedAsync();
        }

        await stack.WaitForFeishuAsync(Instance(id, 5_000, status: "APPROVED",
            tasks: List(
                TaskItem("wf-n1", 2_000, "APPROVED"),
                TaskItem("wf-n2", 5_000, "APPROVED", node: "node-finance"),
                TaskItem("wf-n2b", 5_000, "APPROVED", user: "u-added-signer", node: "node-finance")),
            ccs: List(Cc("wf-cc1", 4_000))));
        Assert.Equal(["REPLACE", "UPDATE", "UPDATE", "UPDATE", "UPDATE"], stack.FeishuSyncs.ModesFor(id));
        Assert.Equal("APPROVED", stack.Emulator.State.FindInstance(id)!.Status);
    }

    /// <summary>All 120 orderings, one instance each, all instances at once over HTTP while the queue drains.</summary>
    [Fact]
    public async Task Orderings_of_five_changes_each_delivered_twice_end_equal_with_at_most_one_sync_per_change()
    {
        var orderings = Permutations([0, 1, 2, 3, 4]).ToList();
        Assert.Equal(120, orderings.Count);
        var ids = orderings.Select((_, n) => $"e2e-order-{n:000}").ToList();
        var started = DateTimeOffset.UtcNow;

        await Task.WhenAll(orderings.Select(async (order, n) =>
        {
            var changes = FiveChanges(ids[n]);
            foreach (var index in order.Concat(order.Reverse()))
            {
                await stack.PostAcceptedAsync(changes[index]);
            }
        }));
        await stack.WaitForFeishuAsync(ids.Select(FinalOfFiveChanges));
        await stack.WaitForQueueDrainedAsync();

        output.WriteLine($"{orderings.Count} orderings × 10 deliveries synced in {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s with {ids.Sum(stack.FeishuSyncs.CallsFor)} sync calls");
        Assert.All(ids, id => Assert.InRange(stack.FeishuSyncs.CallsFor(id), 1, 5));
        await stack.WaitForFeishuAsync(ids.Select(FinalOfFiveChanges));
        Assert.DoesNotContain(await stack.ParkedIssuesAsync(), row => ids.Contains(row.GetString("InstanceId")));
    }

    [Fact]
    public async Task Immutable_field_changed_by_an_update_is_sent_as_replace_when_the_snapshot_is_complete()
    {
        const string id = "e2e-immutable-complete";
        await stack.PostAcceptedAsync(Instance(id, 1_000, tasks: List(TaskItem("im-t1", 1_000, user: "u-alice"))));
        await stack.WaitForQueueDrainedAsync();

        await stack.PostAcceptedAsync(Instance(id, 2_000, "UPDATE", tasks: List(TaskItem("im-t1", 2_000, user: "u-bob"))));

        await stack.WaitForFeishuAsync(Instance(id, 2_000, tasks: List(TaskItem("im-t1", 2_000, user: "u-bob"))));
        await stack.WaitForQueueDrainedAsync();
        Assert.Equal(["REPLACE", "REPLACE"], stack.FeishuSyncs.ModesFor(id));
    }

    [Fact]
    public async Task Immutable_field_changed_in_a_partial_snapshot_is_parked_with_a_clear_reason()
    {
        const string id = "e2e-immutable-partial";
        await stack.PostAcceptedAsync(Instance(id, 1_000, "UPDATE", tasks: List(TaskItem("ip-t1", 1_000, user: "u-alice"))));
        await stack.WaitForQueueDrainedAsync();

        await stack.PostAcceptedAsync(Instance(id, 2_000, "UPDATE", tasks: List(TaskItem("ip-t1", 2_000, user: "u-bob"))));
        await stack.WaitForQueueDrainedAsync();

        var synced = (await stack.Store.LoadAsync(id, default)).Synced!.Document;
        Assert.NotNull(synced.Parked);
        Assert.Contains("REPLACE", synced.Parked.Reason, StringComparison.Ordinal);
        var issue = Assert.Single(await stack.ParkedIssuesAsync(), row => row.GetString("InstanceId") == id);
        Assert.Equal(synced.Parked.Reason, issue.GetString("Reason"));
        Assert.Equal(["UPDATE"], stack.FeishuSyncs.ModesFor(id));
        Assert.Equal("u-alice", stack.Emulator.State.FindInstance(id)!.FindTask("ip-t1")!.UserId);
    }

    [Fact]
    public async Task Task_left_out_of_a_replace_body_is_gone_in_feishu()
    {
        const string id = "e2e-replace-drops";
        await stack.PostAcceptedAsync(Instance(id, 1_000, tasks: List(TaskItem("rd-keep", 1_000), TaskItem("rd-gone", 1_000))));
        await stack.WaitForFeishuAsync(Instance(id, 1_000, tasks: List(TaskItem("rd-keep", 1_000), TaskItem("rd-gone", 1_000))));

        await stack.PostAcceptedAsync(Instance(id, 2_000, tasks: List(TaskItem("rd-keep", 2_000, "APPROVED"))));

        await stack.WaitForFeishuAsync(Instance(id, 2_000, tasks: List(TaskItem("rd-keep", 2_000, "APPROVED"))));
        Assert.Null(stack.Emulator.State.FindInstance(id)!.FindTask("rd-gone"));
    }

    [Fact]
    public async Task Quick_start_sample_posted_to_the_local_host_is_visible_in_the_emulator_view()
    {
        var sample = await File.ReadAllTextAsync(RepositoryPaths.Combine("tools", "samples", "instance.json"));
        var instanceId = JsonNode.Parse(sample)!["instance_id"]!.GetValue<string>();

        using var response = await stack.Client.PostAsync(new Uri("api/instances", UriKind.Relative), new StringContent(sample, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await stack.WaitForFeishuAsync((JsonObject)JsonNode.Parse(sample)!);

        using var emulator = new HttpClient { BaseAddress = stack.Emulator.BaseUrl };
        var text = await emulator.GetStringAsync(new Uri($"emulator/instances/{instanceId}", UriKind.Relative));
        var view = JsonNode.Parse(await emulator.GetStringAsync(new Uri("emulator/instances", UriKind.Relative)))!.AsArray();
        var shown = Assert.Single(view, i => i!["instance_id"]!.GetValue<string>() == instanceId)!;
        Assert.Equal(2, shown["task_list"]!.AsArray().Count);
        Assert.Equal("PENDING", shown["status"]!.GetValue<string>());

        // People read this view: Chinese as it is, not \uXXXX.
        Assert.Contains("采购申请：笔记本电脑 3 台", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u91C7", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Local_counters_show_the_storage_operations_and_the_feishu_call_of_one_change()
    {
        const string id = "e2e-counters";
        await stack.WaitForQueueDrainedAsync();
        var before = await stack.GetCountersAsync();

        await stack.PostAcceptedAsync(Instance(id, 1_000, tasks: List(TaskItem("ct-t1", 1_000))));
        await stack.WaitForQueueDrainedAsync();
        await stack.WaitForFeishuAsync(Instance(id, 1_000, tasks: List(TaskItem("ct-t1", 1_000))));
        var after = await stack.GetCountersAsync();

        double Delta(string key) => after.GetValueOrDefault(key) - before.GetValueOrDefault(key);
        var storage = Delta("approvalfunctions.storage.operations");
        var tables = Delta("approvalfunctions.storage.operations{service=table}");
        var queues = Delta("approvalfunctions.storage.operations{service=queue}");
        output.WriteLine($"one change: {storage} storage operations ({tables} table, {queues} queue), {Delta("approvalfunctions.sync.feishu_calls")} Feishu sync calls");

        Assert.Equal(1, Delta("approvalfunctions.ingest.received"));
        Assert.Equal(1, Delta("approvalfunctions.sync.feishu_calls"));
        Assert.Equal(1, Delta("approvalfunctions.sync.synced"));
        Assert.Equal(1, Delta("approvalfunctions.sync.feishu_calls{mode=REPLACE,result=ok}"));
        Assert.Equal(storage, tables + queues);
        Assert.True(queues >= 1, "ingest enqueues the nudge");

        // First change of an instance: ingest reads the partition, writes both index rows and inserts desired state;
        // sync reads, inserts the watermarks with its lease and commits. No syncissues row exists, so none is deleted.
        // (A reconcile round, every five minutes on the clock, adds its own reads when it falls inside the test.)
        // A round also marks instances for recheck in changeindex, so the index counts hold only without one.
        if (Delta("approvalfunctions.reconcile.rounds") == 0)
        {
            Assert.Equal(7, tables);
            Assert.Equal(1, Delta("approvalfunctions.storage.operations{operation=PUT changeindex}"));
        }

        Assert.Equal(0, Delta("approvalfunctions.storage.operations{operation=DELETE syncissues}"));
        Assert.Equal(1, Delta("approvalfunctions.storage.operations{operation=PUT sweepindex}"));
        Assert.True(Delta("feishu.client.requests") >= 1);
    }

    private static JsonObject[] FiveChanges(string id) =>
    [
        Instance(id, 1_000, tasks: List(TaskItem("a", 1_000))),
        Instance(id, 2_000, "UPDATE", tasks: List(TaskItem("a", 2_000, "APPROVED"), TaskItem("b", 2_000))),
        Instance(id, 3_000, "UPDATE", ccs: List(Cc("c", 3_000))),
        Instance(id, 4_000, "UPDATE", tasks: List(TaskItem("b", 4_000, "APPROVED"))),
        Instance(id, 5_000, "UPDATE", "APPROVED"),
    ];

    private static JsonObject FinalOfFiveChanges(string id) =>
        Instance(id, 5_000, status: "APPROVED", tasks: List(TaskItem("a", 2_000, "APPROVED"), TaskItem("b", 4_000, "APPROVED")), ccs: List(Cc("c", 3_000)));

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, index) => index != i).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
