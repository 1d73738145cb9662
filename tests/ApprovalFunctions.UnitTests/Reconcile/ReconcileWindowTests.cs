using ApprovalFunctions.Core.Reconcile;

namespace ApprovalFunctions.UnitTests.Reconcile;

public sealed class ReconcileWindowTests
{
    private static readonly DateTimeOffset RoundStart = new(2026, 11, 25, 12, 5, 20, TimeSpan.Zero);

    [Fact]
    public void Window_starts_one_overlap_before_the_checkpoint_and_ends_at_the_round_start()
    {
        var window = ReconcileWindow.Compute(RoundStart.AddMinutes(-5), RoundStart, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 11, 59, 20, TimeSpan.Zero), window.From);
        Assert.Equal(RoundStart, window.To);
        Assert.False(window.Capped);
        Assert.Equal("202611251159", window.FirstBucket);
        Assert.Equal("202611251205", window.LastBucket);
    }

    [Fact]
    public void Buckets_of_changes_just_before_and_just_after_the_checkpoint_are_in_the_window()
    {
        var checkpoint = RoundStart.AddMinutes(-5);
        var window = ReconcileWindow.Compute(checkpoint, RoundStart, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));

        Assert.True(window.ContainsBucket("202611251200"));
        Assert.True(window.ContainsBucket("202611251159"));
        Assert.False(window.ContainsBucket("202611251158"));
        Assert.False(window.ContainsBucket("202611251206"));
    }

    [Fact]
    public void First_round_reads_back_at_most_the_max_window()
    {
        var window = ReconcileWindow.Compute(null, RoundStart, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

        Assert.Equal(RoundStart.AddHours(-1), window.From);
        Assert.True(window.Capped);
    }

    [Fact]
    public void A_checkpoint_older_than_the_max_window_is_capped()
    {
        var window = ReconcileWindow.Compute(RoundStart.AddDays(-3), RoundStart, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));

        Assert.Equal(RoundStart.AddDays(-1), window.From);
        Assert.True(window.Capped);
    }

    [Fact]
    public void A_checkpoint_ahead_of_the_clock_still_gives_a_window_ending_at_the_round_start()
    {
        var window = ReconcileWindow.Compute(RoundStart.AddMinutes(5), RoundStart, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));

        Assert.Equal(RoundStart, window.From);
        Assert.Equal(RoundStart, window.To);
    }
}
