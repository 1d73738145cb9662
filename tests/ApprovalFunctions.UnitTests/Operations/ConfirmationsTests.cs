using ApprovalFunctions.Core.Operations.Diagnose;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.UnitTests.Operations;

public sealed class ConfirmationsTests
{
    private static readonly DesiredState Desired = new()
    {
        InstanceId = "inst-1",
        ApprovalCode = SampleInstances.ApprovalCode,
        DesiredVersion = 3,
        Complete = true,
        LastReceivedAt = DateTimeOffset.UnixEpoch,
        Instance = SampleInstances.Instance(time: 2_000, ccs:
        [
            SampleInstances.Cc("confirmed", 1_000),
            SampleInstances.Cc("proven-now", 1_500),
            SampleInstances.Cc("awaiting", 2_000),
            SampleInstances.Cc("newer", 2_000, ReadStatus.Read),
            SampleInstances.Cc("never-sent", 2_000),
            SampleInstances.Cc("lost", 1_000),
        ]),
    };

    private static readonly SyncedState Synced = SyncedState.Empty("inst-1") with
    {
        SyncedDesiredVersion = 3,
        FeishuInstanceTime = 2_001,
        Ccs = new Dictionary<string, EntityWatermark>(StringComparer.Ordinal)
        {
            ["confirmed"] = Mark("confirmed", 1_000, null),
            ["proven-now"] = Mark("proven-now", 1_500, 1_800),
            ["awaiting"] = Mark("awaiting", 2_000, 2_001),
            ["newer"] = Mark("newer", 1_000, null),
            ["lost"] = Mark("lost", 1_000, EntityWatermark.NotInFeishu),
        },
    };

    [Fact]
    public void Every_desired_cc_is_reported_with_how_far_it_is_confirmed()
    {
        var ccs = Confirmations.OfCcs(Desired, Synced, feishuInstanceTime: 1_900);

        Assert.Equal(
        [
            ("confirmed", CcStates.Confirmed, (long?)null),
            ("proven-now", CcStates.Confirmed, null),
            ("awaiting", CcStates.AwaitingCheck, 2_001),
            ("newer", CcStates.NotSent, null),
            ("never-sent", CcStates.NotSent, null),
            ("lost", CcStates.LostInFeishu, null),
        ], ccs.Select(c => (c.CcId, c.State, c.AwaitingInstanceTime)));
        Assert.Equal((2_000L, (long?)1_000), (ccs[3].DesiredUpdateTime, ccs[3].SentUpdateTime));
    }

    [Fact]
    public void Without_an_answer_from_feishu_only_ccs_confirmed_before_count()
    {
        var ccs = Confirmations.OfCcs(Desired, Synced, feishuInstanceTime: null);

        Assert.Equal([CcStates.Confirmed, CcStates.AwaitingCheck, CcStates.AwaitingCheck], ccs.Take(3).Select(c => c.State));
    }

    [Fact]
    public void A_clean_check_is_in_sync_only_when_every_cc_is_confirmed()
    {
        var clean = new FeishuVerdict(VerdictKinds.InSync, "clean", 2_001, 2_001);
        var allConfirmed = Desired with { Instance = Desired.Instance with { CcList = [SampleInstances.Cc("confirmed", 1_000)] } };

        var inSync = Confirmations.Refine(clean, allConfirmed, Synced, Confirmations.OfCcs(allConfirmed, Synced, 2_001));
        var unconfirmed = Confirmations.Refine(clean, Desired, Synced, Confirmations.OfCcs(Desired, Synced, 1_900));

        Assert.Equal(VerdictKinds.InSync, inSync.Kind);
        Assert.Equal(VerdictKinds.UnconfirmedCcs, unconfirmed.Kind);
        Assert.Equal(["awaiting", "newer", "never-sent", "lost"], unconfirmed.UnconfirmedCcs);
        Assert.Contains("cannot see CCs", unconfirmed.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replace_no_check_has_confirmed_keeps_a_clean_check_from_being_in_sync()
    {
        var desired = Desired with { Instance = Desired.Instance with { CcList = null } };
        var synced = Synced with { ReplaceProofTime = 2_005 };

        var verdict = Confirmations.Refine(new FeishuVerdict(VerdictKinds.InSync, "clean", 2_001, 2_001), desired, synced, []);

        Assert.Equal((VerdictKinds.UnconfirmedCcs, 2_005L), (verdict.Kind, verdict.UnconfirmedReplaceTime!.Value));
    }

    [Fact]
    public void A_clean_check_while_a_sync_is_due_is_sync_pending_and_a_diff_stays_what_it_is()
    {
        var clean = new FeishuVerdict(VerdictKinds.InSync, "clean", 2_001, 2_001);
        var stale = new FeishuVerdict(VerdictKinds.InstanceStale, "stale", 2_001, 1_000);

        Assert.Equal(VerdictKinds.SyncPending, Confirmations.Refine(clean, Desired with { DesiredVersion = 4 }, Synced, []).Kind);
        Assert.Equal(VerdictKinds.SyncPending, Confirmations.Refine(clean, Desired, Synced with { ResendAll = true }, []).Kind);
        Assert.Equal(VerdictKinds.SyncPending, Confirmations.Refine(clean, Desired, null, []).Kind);
        Assert.Same(stale, Confirmations.Refine(stale, Desired, Synced, Confirmations.OfCcs(Desired, Synced, 1_000)));
    }

    [Fact]
    public void An_advanced_instance_time_is_shown_with_its_reason()
    {
        var advanced = Confirmations.OfInstanceTime(Desired, Synced with { ConfirmedInstanceTime = 2_001 });
        var partial = Confirmations.OfInstanceTime(Desired with { Complete = false }, Synced);
        var exact = Confirmations.OfInstanceTime(Desired, Synced with { FeishuInstanceTime = 2_000 });

        Assert.Equal((2_000L, 2_001L, 2_001L, true), (advanced.DesiredUpdateTime, advanced.SentUpdateTime, advanced.ConfirmedUpdateTime, advanced.Advanced));
        Assert.Contains("REPLACE gives Feishu the source's time", advanced.Note, StringComparison.Ordinal);
        Assert.Contains("partial", partial.Note, StringComparison.Ordinal);
        Assert.False(exact.Advanced);
        Assert.Null(exact.Note);
    }

    private static EntityWatermark Mark(string id, long time, long? proof) =>
        new(time, ImmutableFingerprints.Of(SampleInstances.Cc(id, time)), proof);
}
