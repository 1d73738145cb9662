using ApprovalFunctions.LoadGenerator.Measurement;

namespace ApprovalFunctions.LoadGenerator.Tests;

public sealed class PercentilesTests
{
    private static readonly List<double> OneToHundred = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

    [Theory]
    [InlineData(50, 50)]
    [InlineData(95, 95)]
    [InlineData(99, 99)]
    [InlineData(100, 100)]
    [InlineData(0.5, 1)]
    [InlineData(99.5, 100)]
    public void Nearest_rank_of_one_to_a_hundred_is_the_percentile_rounded_up(double percentile, double expected) =>
        Assert.Equal(expected, Percentiles.NearestRank(OneToHundred, percentile));

    [Theory]
    [InlineData(50, 20)]
    [InlineData(75, 30)]
    [InlineData(76, 40)]
    [InlineData(99, 40)]
    [InlineData(25, 10)]
    public void Nearest_rank_of_a_few_samples_is_always_one_of_them(double percentile, double expected) =>
        Assert.Equal(expected, Percentiles.NearestRank([10, 20, 30, 40], percentile));

    [Fact]
    public void A_single_sample_is_every_percentile()
    {
        Assert.Equal(7, Percentiles.NearestRank([7], 1));
        Assert.Equal(7, Percentiles.NearestRank([7], 99));
    }

    [Fact]
    public void No_samples_give_no_percentile() => Assert.Null(Percentiles.NearestRank([], 50));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100.1)]
    [InlineData(double.NaN)]
    public void A_percentile_outside_zero_to_a_hundred_is_refused(double percentile) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank(OneToHundred, percentile));
}
