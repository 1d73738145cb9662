using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.Core.State;
using static ApprovalFunctions.UnitTests.Reconcile.ReconcileTestData;

namespace ApprovalFunctions.UnitTests.Reconcile;

public sealed class CandidateClassifierTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    [Fact]
    public void Synced_instances_are_checked() =>
        Assert.Equal(CandidateDisposition.Check, CandidateClassifier.Classify(State(Desired("a"), Synced("a")), Now, Grace));

    [Fact]
    public void Unknown_and_purged_instances_are_left_alone()
    {
        Assert.Equal(CandidateDisposition.Gone, CandidateClassifier.Classify(State(null, Synced("a")), Now, Grace));
        Assert.Equal(CandidateDisposition.Purged, CandidateClassifier.Classify(State(Desired("a", purged: true), Synced("a")), Now, Grace));
    }

    [Fact]
    public void A_purge_that_has_not_landed_yet_is_followed_like_any_pending_sync()
    {
        var pendingPurge = Desired("a", version: 2, receivedAt: Now.AddMinutes(-3), purged: true);

        Assert.Equal(CandidateDisposition.Lagging, CandidateClassifier.Classify(State(pendingPurge, Synced("a")), Now, Grace));
        Assert.Equal(CandidateDisposition.InFlight, CandidateClassifier.Classify(State(pendingPurge with { LastReceivedAt = Now }, Synced("a")), Now, Grace));
    }

    [Fact]
    public void Parked_unchanged_instances_are_skipped_but_a_newer_change_ends_the_park()
    {
        var parked = Synced("a") with { Parked = new ParkedState("partial", null, null, null, Now, ParkedDesiredVersion: 2) };

        Assert.Equal(CandidateDisposition.Parked, CandidateClassifier.Classify(State(Desired("a", version: 2), parked), Now, Grace));
        Assert.Equal(CandidateDisposition.Lagging, CandidateClassifier.Classify(State(Desired("a", version: 3), parked), Now, Grace));
    }

    [Fact]
    public void A_trailing_sync_is_in_flight_within_the_grace_and_lagging_after_it()
    {
        Assert.Equal(CandidateDisposition.InFlight, CandidateClassifier.Classify(State(Desired("a", version: 2, receivedAt: Now.AddMinutes(-1)), Synced("a")), Now, Grace));
        Assert.Equal(CandidateDisposition.Lagging, CandidateClassifier.Classify(State(Desired("a", version: 2, receivedAt: Now.AddMinutes(-3)), Synced("a")), Now, Grace));
        Assert.Equal(CandidateDisposition.Lagging, CandidateClassifier.Classify(State(Desired("a"), null), Now, Grace));
    }

    [Fact]
    public void A_pending_repair_is_not_checked_again_but_renudged()
    {
        Assert.Equal(CandidateDisposition.Lagging, CandidateClassifier.Classify(State(Desired("a"), Synced("a") with { ResendAll = true }), Now, Grace));
    }
}
