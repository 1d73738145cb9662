namespace ApprovalFunctions.Core.State;

/// <summary>
/// The index rows an accepted change must write, decided from what its desired state records as already written:
/// the <c>changeindex</c> row once per instance and UTC minute, the <c>sweepindex</c> row on the first change and when
/// the instance's finality changes. Every other change writes neither, which saves two storage calls.
/// </summary>
public readonly record struct IndexRows(bool ChangeIndex, bool SweepIndex)
{
    public bool Any => ChangeIndex || SweepIndex;

    /// <param name="desired">The merged desired state, still carrying the previous state's records.</param>
    /// <param name="bucket">The change's UTC minute bucket.</param>
    public static IndexRows For(DesiredState desired, string bucket)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return new(desired.ChangeIndexedBucket != bucket, desired.SweepIndexedFinal != desired.IsFinal);
    }

    /// <summary>Desired state recording the rows as written (they are written before it).</summary>
    public static DesiredState Recorded(DesiredState desired, string bucket)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return desired with { ChangeIndexedBucket = bucket, SweepIndexedFinal = desired.IsFinal };
    }
}
