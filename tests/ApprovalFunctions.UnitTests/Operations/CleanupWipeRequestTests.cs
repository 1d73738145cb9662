using ApprovalFunctions.Core.Operations.Cleanup;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.UnitTests.Operations;

public sealed class CleanupWipeRequestTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(5_000);

    [Fact]
    public void The_wipe_is_a_REPLACE_as_APPROVED_without_initiator_tasks_or_CCs()
    {
        var desired = Desired(SampleInstances.Instance(tasks: [SampleInstances.Task("t1", 1_000)], ccs: [SampleInstances.Cc("c1", 1_000)]));

        var wipe = CleanupWipeRequest.Build("inst-1", "APPROVAL-LEAVE", desired, null, Now);

        Assert.Equal((InstanceStatus.Approved, UpdateMode.Replace), (wipe.Status, wipe.UpdateMode));
        Assert.Null(wipe.UserId);
        Assert.Null(wipe.OpenId);
        Assert.Null(wipe.TaskList);
        Assert.Null(wipe.CcList);
        Assert.Null(wipe.Title);
        Assert.Null(wipe.Form);
        Assert.Equal(desired.Instance.Links.PcLink, wipe.Links.PcLink);
        var i18n = Assert.Single(wipe.I18nResources);
        Assert.Equal(("en-US", true), (i18n.Locale, i18n.IsDefault));
        Assert.Equal((500L, 5_000L, 5_000L), (wipe.StartTime, wipe.EndTime, wipe.UpdateTime));
    }

    [Fact]
    public void The_wipe_is_later_than_anything_Feishu_holds()
    {
        var desired = Desired(SampleInstances.Instance(time: 9_000));
        var synced = SyncedState.Empty("inst-1") with { FeishuInstanceTime = 12_000 };

        var wipe = CleanupWipeRequest.Build("inst-1", "APPROVAL-LEAVE", desired, synced, Now);

        Assert.Equal(12_001, wipe.UpdateTime);
        Assert.Equal(12_001, wipe.EndTime);
    }

    [Fact]
    public void The_wipe_is_later_than_a_call_whose_outcome_is_unknown()
    {
        var synced = SyncedState.Empty("inst-1") with { FeishuInstanceTime = 6_000, FeishuInstanceTimeCeiling = 15_000 };

        var wipe = CleanupWipeRequest.Build("inst-1", "APPROVAL-LEAVE", Desired(SampleInstances.Instance(time: 6_000)), synced, Now);

        Assert.Equal(15_001, wipe.UpdateTime);
    }

    [Fact]
    public void An_instance_we_never_held_gets_minimal_valid_links_and_texts()
    {
        var wipe = CleanupWipeRequest.Build("foreign-1", "APPROVAL-OTHER", null, null, Now);

        Assert.Equal((CleanupWipeRequest.FallbackLink, CleanupWipeRequest.FallbackLocale), (wipe.Links.PcLink, wipe.I18nResources[0].Locale));
        Assert.Equal((5_000L, 5_000L), (wipe.StartTime, wipe.UpdateTime));
    }

    private static DesiredState Desired(ExternalInstance instance) => new()
    {
        InstanceId = instance.InstanceId,
        ApprovalCode = instance.ApprovalCode,
        DesiredVersion = 1,
        Complete = true,
        LastReceivedAt = DateTimeOffset.UnixEpoch,
        Instance = instance,
    };
}
