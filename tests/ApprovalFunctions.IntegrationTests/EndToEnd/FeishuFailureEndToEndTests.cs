using System.Text.Json.Nodes;
using FeishuEmulator.Configuration;
using Xunit.Abstractions;
using static ApprovalFunctions.IntegrationTests.EndToEnd.SourceInstances;

namespace ApprovalFunctions.IntegrationTests.EndToEnd;

/// <summary>A stack whose emulator knows only <see cref="SourceInstances.ApprovalCode"/>, as a real tenant knows its definitions.</summary>
public sealed class KnownApprovalsStack : AppStack
{
    protected override AppStackOptions CreateOptions() => new() { KnownApprovalCodes = [ApprovalCode] };
}

/// <summary>Feishu failing under the real pipeline: transient faults are ridden out, a permanent refusal parks only its instance.</summary>
public sealed class FeishuFailureEndToEndTests(KnownApprovalsStack stack, ITestOutputHelper output) : IClassFixture<KnownApprovalsStack>
{
    [Fact]
    public async Task With_twenty_percent_429_5xx_and_timeouts_everything_arrives_and_nothing_is_parked()
    {
        // Enough instances that, after bursts coalesce, well over fifty sync calls meet the faults.
        var ids = Enumerable.Range(0, 80).Select(n => $"e2e-faults-{n:00}").ToList();
        stack.Emulator.Faults.Set(new FaultSettingsValues
        {
            RateLimitRate = 0.07,
            ServerErrorRate = 0.04,
            InternalErrorRate = 0.03,
            TimeoutRate = 0.06,
            TimeoutDelay = TimeSpan.FromSeconds(30),
            Targets = FaultTargets.Sync,
            Seed = 20261125,
        });
        try
        {
            await Task.WhenAll(ids.Select(async id =>
            {
                await stack.PostAcceptedAsync(Instance(id, 1_000, tasks: List(TaskItem($"{id}-t1", 1_000))));
                await stack.PostAcceptedAsync(Instance(id, 2_000, "UPDATE", tasks: List(TaskItem($"{id}-t1", 2_000, "APPROVED"), TaskItem($"{id}-t2", 2_000))));
                await stack.PostAcceptedAsync(Instance(id, 3_000, "UPDATE", "APPROVED", tasks: List(TaskItem($"{id}-t2", 3_000, "APPROVED")), ccs: List(Cc($"{id}-c1", 3_000))));
            }));

            var expected = ids.Select(id => Instance(id, 3_000, status: "APPROVED",
                tasks: List(TaskItem($"{id}-t1", 2_000, "APPROVED"), TaskItem($"{id}-t2", 3_000, "APPROVED")),
                ccs: List(Cc($"{id}-c1", 3_000)))).ToList();
            await stack.WaitForFeishuAsync(expected, TimeSpan.FromSeconds(60));
            await stack.WaitForQueueDrainedAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            stack.Emulator.Faults.Clear();
        }

        var stats = stack.Emulator.Stats.Snapshot();
        output.WriteLine($"{stats.CallsTo("sync")} sync calls, {stats.FaultsInjected} faults injected");
        Assert.True(stats.FaultsInjected >= 5, $"Only {stats.FaultsInjected} faults were injected; the test proves nothing.");
        Assert.DoesNotContain(await stack.ParkedIssuesAsync(), row => ids.Contains(row.GetString("InstanceId")));
        foreach (var id in ids)
        {
            Assert.Null((await stack.Store.LoadAsync(id, default)).Synced!.Document.Parked);
        }

        Assert.Equal(0, (await stack.SyncPoisonQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Permanent_refusal_parks_that_instance_with_feishus_message_and_others_flow()
    {
        const string refused = "e2e-refused";
        var others = Enumerable.Range(0, 3).Select(n => $"e2e-flowing-{n}").ToList();

        await stack.PostAcceptedAsync(Instance(refused, 1_000, tasks: List(TaskItem("rf-t1", 1_000)), approvalCode: "NEVER-CREATED"));
        foreach (var id in others)
        {
            await stack.PostAcceptedAsync(Instance(id, 1_000, tasks: List(TaskItem($"{id}-t1", 1_000))));
        }

        await stack.WaitForFeishuAsync(others.Select(id => Instance(id, 1_000, tasks: List(TaskItem($"{id}-t1", 1_000)))));
        await stack.WaitForQueueDrainedAsync();

        Assert.Null(stack.Emulator.State.FindInstance(refused));
        var parked = (await stack.Store.LoadAsync(refused, default)).Synced!.Document.Parked;
        Assert.NotNull(parked);
        Assert.Equal(1390002, parked.Code);
        Assert.Contains("approval not found", parked.Message, StringComparison.Ordinal);
        Assert.Contains("approval not found", parked.Reason, StringComparison.Ordinal);
        var issue = Assert.Single(await stack.ParkedIssuesAsync(), row => row.GetString("InstanceId") == refused);
        Assert.Equal(1390002, issue.GetInt32("FeishuCode"));
        Assert.Contains("approval not found", issue.GetString("FeishuMessage"), StringComparison.Ordinal);
        Assert.Equal(1, stack.FeishuSyncs.CallsFor(refused));
    }
}
