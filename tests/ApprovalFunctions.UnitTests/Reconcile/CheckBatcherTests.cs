using ApprovalFunctions.Core.Reconcile;

namespace ApprovalFunctions.UnitTests.Reconcile;

public sealed class CheckBatcherTests
{
    [Fact]
    public void Nothing_to_check_makes_no_batch()
    {
        var (batches, overBudget) = CheckBatcher.Plan(Array.Empty<int>(), 50, 100);

        Assert.Empty(batches);
        Assert.Empty(overBudget);
    }

    [Fact]
    public void Items_are_split_into_batches_of_at_most_the_batch_size_in_order()
    {
        var (batches, overBudget) = CheckBatcher.Plan(Enumerable.Range(1, 120).ToList(), 50, 100);

        Assert.Equal([50, 50, 20], batches.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(1, 120), batches.SelectMany(b => b));
        Assert.Empty(overBudget);
    }

    [Fact]
    public void The_budget_caps_the_calls_and_leaves_the_tail_over()
    {
        var (batches, overBudget) = CheckBatcher.Plan(Enumerable.Range(1, 120).ToList(), 50, 2);

        Assert.Equal(2, batches.Count);
        Assert.Equal(Enumerable.Range(101, 20), overBudget);
    }
}
