using ApprovalFunctions.Core.State;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>What a round does with one candidate instance.</summary>
public enum CandidateDisposition
{
    /// <summary>No desired state (never stored, or deleted by an operator).</summary>
    Gone,

    /// <summary>Purged by a clean-up and the purge landed: the reconciler leaves it alone.</summary>
    Purged,

    /// <summary>Parked and unchanged since: not checked, not nudged, until replayed or changed again (no hot loop).</summary>
    Parked,

    /// <summary>Its sync (or a repair) is pending but younger than LagGrace, or a sync holds it right now: looked at again next round.</summary>
    InFlight,

    /// <summary>Its sync has trailed desired state for longer than LagGrace: re-nudged.</summary>
    Lagging,

    /// <summary>Synced up to its desired version: sent to the check API.</summary>
    Check,
}

/// <summary>Sorts a loaded candidate into its <see cref="CandidateDisposition"/> (pure).</summary>
public static class CandidateClassifier
{
    public static CandidateDisposition Classify(InstanceState state, DateTimeOffset now, TimeSpan lagGrace)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Desired?.Document is not { } desired)
        {
            return CandidateDisposition.Gone;
        }

        if (state.PurgeLanded)
        {
            return CandidateDisposition.Purged;
        }

        var synced = state.SyncedOrEmpty;
        if (synced.Parked is { } parked && desired.DesiredVersion <= parked.ParkedDesiredVersion)
        {
            return CandidateDisposition.Parked;
        }

        if (synced.SyncedDesiredVersion < desired.DesiredVersion || synced.NeedsRepair)
        {
            return now - desired.LastReceivedAt < lagGrace ? CandidateDisposition.InFlight : CandidateDisposition.Lagging;
        }

        // A sync holding the lease may have a call on its way: its answer would be judged against watermarks it is about
        // to change.
        return synced.IsLeased(now) ? CandidateDisposition.InFlight : CandidateDisposition.Check;
    }
}
