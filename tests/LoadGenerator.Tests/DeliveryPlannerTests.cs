using ApprovalFunctions.LoadGenerator.Delivery;
using ApprovalFunctions.LoadGenerator.Simulation;

namespace ApprovalFunctions.LoadGenerator.Tests;

public sealed class DeliveryPlannerTests
{
    private static readonly List<SimulatedWorkflow> Workflows =
        new WorkflowSimulator(new WorkflowSettings("lgplan", 5, 8, 1_790_000_000_000)).SimulateAll(300).ToList();

    private static IReadOnlyList<PlannedSend> Plan(double duplicates = 0, double reorder = 0, double bursts = 0, bool keepSubmitFirst = false, int seed = 1) =>
        DeliveryPlanner.Plan(Workflows, new DeliverySettings(duplicates, reorder, bursts, keepSubmitFirst, seed));

    [Fact]
    public void Without_faults_every_change_is_sent_once_in_the_order_the_source_made_it()
    {
        var plan = Plan();

        Assert.Equal(Workflows.Sum(w => w.Changes.Count), plan.Count);
        Assert.All(plan, send => Assert.False(send.IsDuplicate));
        foreach (var instance in plan.GroupBy(s => s.Change.InstanceId))
        {
            Assert.Equal(instance.Select(s => s.Change.Sequence).Order(), instance.Select(s => s.Change.Sequence));
        }
    }

    [Fact]
    public void Changes_of_an_instance_not_in_a_burst_are_spread_over_the_run()
    {
        var plan = Plan();
        var positions = plan.Select((send, index) => (send.Change.InstanceId, index)).GroupBy(p => p.InstanceId);

        // Round k holds the k-th change of every instance, so neighbours are about an instance count apart.
        var gaps = positions.SelectMany(g => g.Zip(g.Skip(1), (a, b) => b.index - a.index)).ToList();
        Assert.True(gaps.Average() > Workflows.Count / 2, $"average gap {gaps.Average()}");
    }

    [Fact]
    public void Duplicates_repeat_a_change_later_in_its_instance_stream()
    {
        var plan = Plan(duplicates: 0.1);
        var duplicates = plan.Where(s => s.IsDuplicate).ToList();

        Assert.InRange(duplicates.Count, plan.Count * 0.06, plan.Count * 0.12);
        foreach (var copy in duplicates)
        {
            var copyAt = plan.ToList().IndexOf(copy);
            var originalAt = plan.ToList().FindIndex(s => ReferenceEquals(s.Change, copy.Change) && !s.IsDuplicate);
            Assert.True(originalAt >= 0 && originalAt < copyAt);
        }

        Assert.Equal(Workflows.Sum(w => w.Changes.Count), plan.Count(s => !s.IsDuplicate));
    }

    [Fact]
    public void Reordering_delays_changes_the_submit_included_unless_it_is_kept_first()
    {
        var streams = Plan(reorder: 0.3).GroupBy(s => s.Change.InstanceId).ToList();

        Assert.Contains(streams, stream => stream.First().Change.Sequence != 0);
        Assert.Contains(streams, stream => !stream.Select(s => s.Change.Sequence).SequenceEqual(stream.Select(s => s.Change.Sequence).Order()));
        var delayed = streams.Sum(stream => stream.Zip(stream.Skip(1)).Count(pair => pair.First.Change.Sequence > pair.Second.Change.Sequence));
        Assert.InRange(delayed, Workflows.Count * 8 * 0.15, Workflows.Count * 8 * 0.35);

        var submitFirst = Plan(reorder: 0.5, keepSubmitFirst: true).GroupBy(s => s.Change.InstanceId).ToList();
        Assert.All(submitFirst, stream => Assert.Equal(0, stream.First().Change.Sequence));
        Assert.Contains(submitFirst, stream => !stream.Select(s => s.Change.Sequence).SequenceEqual(stream.Select(s => s.Change.Sequence).Order()));
    }

    [Fact]
    public void A_burst_instance_sends_all_its_changes_back_to_back()
    {
        var plan = Plan(bursts: 0.3, duplicates: 0.1);
        var burstInstances = plan.Where(s => s.InBurst).Select(s => s.Change.InstanceId).Distinct().ToList();

        Assert.InRange(burstInstances.Count, Workflows.Count * 0.2, Workflows.Count * 0.4);
        foreach (var instanceId in burstInstances)
        {
            var indexes = plan.Select((s, i) => (s, i)).Where(p => p.s.Change.InstanceId == instanceId).Select(p => p.i).ToList();
            Assert.Equal(indexes.Count - 1, indexes[^1] - indexes[0]);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_plan()
    {
        static string Render(IReadOnlyList<PlannedSend> plan) =>
            string.Join(',', plan.Select(s => $"{s.Change.InstanceId}:{s.Change.Sequence}:{s.IsDuplicate}"));

        Assert.Equal(Render(Plan(0.1, 0.1, 0.2, seed: 9)), Render(Plan(0.1, 0.1, 0.2, seed: 9)));
        Assert.NotEqual(Render(Plan(0.1, 0.1, 0.2, seed: 9)), Render(Plan(0.1, 0.1, 0.2, seed: 10)));
    }
}
