using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;
using static ApprovalFunctions.IntegrationTests.EndToEnd.SourceInstances;

namespace ApprovalFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// Feishu's limit is per app, not per host (issue 3 item 4): two independent local hosts drain one queue against an
/// emulator limited to 20 calls/s, with an app-wide budget of 18/s shared as 9/s per host (MaxHostCount = 2).
/// </summary>
public sealed class ScaleOutRateLimitTests(ITestOutputHelper output)
{
    private const int Instances = 200;
    private const int EmulatorLimitPerSecond = 20;
    private const int AppBudgetPerSecond = 18;
    private const int MaxHostCount = 2;

    [Fact]
    public async Task Two_hosts_draining_one_queue_stay_under_feishus_app_wide_limit()
    {
        var budget = new Dictionary<string, string?>
        {
            ["Feishu__RateLimit__CallsPerSecond"] = AppBudgetPerSecond.ToString(CultureInfo.InvariantCulture),
            ["Feishu__RateLimit__CallsPerMinute"] = "900",
            ["Feishu__RateLimit__MaxHostCount"] = MaxHostCount.ToString(CultureInfo.InvariantCulture),
        };
        await using var stack = await AppStack.StartAsync(new AppStackOptions
        {
            Functions = HostFunctions.IngestOnly,
            Settings = budget,
            ConfigureEmulator = emulator =>
            {
                emulator.RateLimitPerSecond = EmulatorLimitPerSecond;
                emulator.RateLimitPerMinute = 1000;
            },
        });
        var ids = Enumerable.Range(0, Instances).Select(n => $"e2e-scale-{n:000}").ToList();
        foreach (var chunk in ids.Chunk(100))
        {
            await stack.PostBatchAcceptedAsync(chunk.Select(id => Instance(id, 1_000, tasks: List(TaskItem($"{id}-t1", 1_000)))));
        }

        Assert.Equal(Instances, await stack.QueuedNudgesAsync());

        var clock = Stopwatch.StartNew();
        var first = await stack.StartHostAsync(HostFunctions.All);
        var second = await stack.StartHostAsync(HostFunctions.All);
        await stack.WaitForQueueDrainedAsync(TimeSpan.FromSeconds(60));
        clock.Stop();

        var stats = stack.Emulator.Stats.Snapshot();
        var counters = await Task.WhenAll(new[] { first, second }.Select(host => stack.GetCountersAsync(host)));
        var perHost = counters.Select(c => c.GetValueOrDefault("approvalfunctions.sync.feishu_calls")).ToArray();
        var rate = stats.CallsTo("sync") / clock.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{stats.CallsTo("sync")} sync calls in {clock.Elapsed.TotalSeconds:0.0} s = {rate:0.0}/s (budget {AppBudgetPerSecond}/s, Feishu {EmulatorLimitPerSecond}/s); per host {perHost[0]} + {perHost[1]}; 429s {stats.RateLimited}"));

        Assert.Equal(Instances, stack.Emulator.State.Instances.Count(i => i.InstanceId.StartsWith("e2e-scale-", StringComparison.Ordinal)));
        await stack.WaitForFeishuAsync(ids.Select(id => Instance(id, 1_000, tasks: List(TaskItem($"{id}-t1", 1_000)))));
        Assert.InRange(stats.RateLimited, 0, 2);
        Assert.True(perHost.All(calls => calls >= Instances / 5), "both hosts drained the queue");

        // Each host counts only its own requests (its own meters), and together they are every request Feishu saw.
        Assert.Equal(stats.CallsTo("sync"), counters.Sum(c => c.GetValueOrDefault("feishu.client.requests{operation=sync_instance}")));
        Assert.True(rate <= EmulatorLimitPerSecond, $"{rate:0.0} calls/s is above Feishu's limit");
        Assert.Empty(await stack.ParkedIssuesAsync());
    }
}
