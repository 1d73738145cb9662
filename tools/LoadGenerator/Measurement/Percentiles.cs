namespace ApprovalFunctions.LoadGenerator.Measurement;

/// <summary>Percentiles by the nearest-rank method: the smallest sample with at least p % of the samples at or below it.</summary>
internal static class Percentiles
{
    /// <param name="sorted">Samples in ascending order.</param>
    /// <param name="percentile">From 0 (exclusive) to 100 (inclusive).</param>
    /// <returns>The percentile, or null when there are no samples.</returns>
    public static double? NearestRank(IReadOnlyList<double> sorted, double percentile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (double.IsNaN(percentile) || percentile <= 0 || percentile > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile lies in (0, 100].");
        }

        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
