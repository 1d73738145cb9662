using System.Globalization;
using ApprovalFunctions.Core.Storage.Tables;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>
/// The span of <c>changeindex</c> a round reads: from <c>checkpoint − Overlap</c> (never further back than MaxWindow)
/// to the round's start, as whole UTC minute buckets (both ends included).
/// </summary>
public sealed record ReconcileWindow(DateTimeOffset From, DateTimeOffset To, bool Capped)
{
    public string FirstBucket => ChangeIndexTable.MinuteBucket(From);

    public string LastBucket => ChangeIndexTable.MinuteBucket(To);

    public static ReconcileWindow Compute(DateTimeOffset? checkpoint, DateTimeOffset roundStart, TimeSpan overlap, TimeSpan maxWindow)
    {
        var earliest = roundStart - maxWindow;
        if (checkpoint is not { } last)
        {
            return new ReconcileWindow(earliest, roundStart, Capped: true);
        }

        var from = last - overlap;
        if (from < earliest)
        {
            return new ReconcileWindow(earliest, roundStart, Capped: true);
        }

        return new ReconcileWindow(from > roundStart ? roundStart : from, roundStart, Capped: false);
    }

    public bool ContainsBucket(string bucket) =>
        string.CompareOrdinal(bucket, FirstBucket) >= 0 && string.CompareOrdinal(bucket, LastBucket) <= 0;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{From:O}..{To:O}");
}
