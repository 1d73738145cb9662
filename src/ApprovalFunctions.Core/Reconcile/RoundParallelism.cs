namespace ApprovalFunctions.Core.Reconcile;

/// <summary>How many table operations a round runs at once.</summary>
internal static class RoundParallelism
{
    /// <summary>Concurrent table operations of a round: enough to hide Azure Table latency, few enough for a small host.</summary>
    private const int StorageParallelism = 16;

    public static ParallelOptions Of(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = StorageParallelism, CancellationToken = cancellationToken };
}
