using ApprovalFunctions.Core.State;

namespace ApprovalFunctions.UnitTests.Sync;

public sealed class InstanceLocksTests
{
    [Fact]
    public async Task One_instance_takes_turns_while_others_run_at_once_and_nothing_is_kept_afterwards()
    {
        var locks = new InstanceLocks();
        var inside = 0;
        var most = 0;

        async Task Work(string id)
        {
            using var turn = await locks.AcquireAsync(id, CancellationToken.None);
            if (id == "same")
            {
                var now = Interlocked.Increment(ref inside);
                most = Math.Max(most, now);
                await Task.Delay(5);
                Interlocked.Decrement(ref inside);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Work("same")).Concat(Enumerable.Range(0, 20).Select(i => Work($"other-{i}"))));

        Assert.Equal(1, most);
        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task A_waiter_that_gives_up_leaves_no_trace()
    {
        var locks = new InstanceLocks();
        var held = await locks.AcquireAsync("x", CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => locks.AcquireAsync("x", cancel.Token));
        held.Dispose();
        held.Dispose();

        Assert.Equal(0, locks.Count);
        using var again = await locks.AcquireAsync("x", CancellationToken.None);
        Assert.Equal(1, locks.Count);
    }
}
