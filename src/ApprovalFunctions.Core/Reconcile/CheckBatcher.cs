namespace ApprovalFunctions.Core.Reconcile;

/// <summary>Splits the instances to check into check calls of at most BatchSize, within the round's call budget (pure).</summary>
public static class CheckBatcher
{
    /// <summary>
    /// The batches to send, in order, and what the budget leaves out (the tail of <paramref name="items"/>: callers put
    /// the window first so that the sweep yields first). No items, no batch: a round with nothing to check makes no call.
    /// </summary>
    public static (IReadOnlyList<IReadOnlyList<T>> Batches, IReadOnlyList<T> OverBudget) Plan<T>(IReadOnlyList<T> items, int batchSize, int maxCalls)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCalls, 0);
        var budget = (int)Math.Min(items.Count, (long)batchSize * maxCalls);
        var batches = items.Take(budget).Chunk(batchSize).Select(chunk => (IReadOnlyList<T>)chunk).ToList();
        return (batches, items.Skip(budget).ToList());
    }
}
