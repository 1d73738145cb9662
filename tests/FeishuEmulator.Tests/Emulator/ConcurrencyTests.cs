using FeishuEmulator.Configuration;
using FeishuEmulator.Tests.Emulator.Infrastructure;
using static FeishuEmulator.Tests.Emulator.Infrastructure.Payloads;

namespace FeishuEmulator.Tests.Emulator;

/// <summary>Concurrent calls: the UPDATE rules hold whatever order the calls are served in.</summary>
public sealed class ConcurrencyTests : EmulatorTest
{
    protected override FeishuEmulatorOptions Options => new() { RateLimitPerSecond = 1000, RateLimitPerMinute = 10_000 };

    [Fact]
    public async Task Concurrent_updates_of_one_instance_end_with_the_newest_of_each_entity()
    {
        await Emulator.SyncOkAsync(Instance("inst-1", T0, tasks: [Task("task-1", T0)], ccs: [Cc("cc-1", T0)]));
        var updates = Enumerable.Range(1, 60)
            .OrderBy(_ => Random.Shared.Next())
            .Select(i => Instance("inst-1", T0 + i, updateMode: "UPDATE",
                tasks: [Task("task-1", T0 + i, title: $"version {i}"), Task($"task-new-{i}", T0 + i)],
                ccs: [Cc("cc-1", T0 + i, title: $"version {i}")]))
            .ToList();

        var replies = await System.Threading.Tasks.Task.WhenAll(updates.Select(Emulator.SyncAsync));

        Assert.All(replies, r => Assert.Equal(0, r.Code));
        var held = Emulator.Server.State.FindInstance("inst-1")!;
        Assert.Equal(T0 + 60, held.UpdateTime);
        Assert.Equal(("version 60", T0 + 60), (held.FindTask("task-1")!.Field("title"), held.FindTask("task-1")!.UpdateTime));
        Assert.Equal("version 60", held.FindCc("cc-1")!.Field("title"));
        var stats = Emulator.Server.Stats.Snapshot();
        Assert.Equal(61, stats.SyncApplied + stats.SyncIgnoredStale);
    }
}
