using ApprovalFunctions.Core.Operations.Cleanup;
using ApprovalFunctions.Core.State;
using Azure;

namespace ApprovalFunctions.UnitTests.Operations;

public sealed class CleanupProgressTests
{
    private const string RunId = "20261125080000-abcdef01";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 5, 0, TimeSpan.Zero);
    private static readonly CleanupItem Waiting = new(RunId, "inst-1", SampleInstances.ApprovalCode, CleanupItemState.Queued, PurgeVersion: 3);

    [Fact]
    public void An_item_is_done_once_the_synced_row_reached_its_purge_version()
    {
        var settled = CleanupProgressReader.Settle(Waiting, State(SyncedState.Empty("inst-1") with { SyncedDesiredVersion = 3, LastSyncAt = Now }));

        Assert.Equal((CleanupItemState.Done, Now), (settled.State, settled.FinishedAt!.Value));
    }

    [Fact]
    public void An_item_fails_with_Feishus_code_and_log_id_once_its_purge_version_is_parked()
    {
        var parked = new ParkedState("Feishu refused the REPLACE: code 1390001, msg \"param is invalid\".", 1_390_001, "param is invalid", "log-p", Now, ParkedDesiredVersion: 3);

        var settled = CleanupProgressReader.Settle(Waiting, State(SyncedState.Empty("inst-1") with { SyncedDesiredVersion = 2, Parked = parked }));

        Assert.Equal((CleanupItemState.Failed, 1_390_001, "log-p"), (settled.State, settled.FeishuCode!.Value, settled.LogId));
        Assert.Contains("param is invalid", settled.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_item_waits_while_its_purge_is_pending_or_retried_and_an_older_park_does_not_fail_it()
    {
        var olderPark = new ParkedState("partial", null, null, null, Now, ParkedDesiredVersion: 2);

        Assert.Same(Waiting, CleanupProgressReader.Settle(Waiting, State(null)));
        Assert.Same(Waiting, CleanupProgressReader.Settle(Waiting, State(SyncedState.Empty("inst-1") with { SyncedDesiredVersion = 2, Attempts = 3, Parked = olderPark })));
    }

    [Fact]
    public void Only_waiting_items_are_settled_and_an_instance_deleted_meanwhile_fails_its_item()
    {
        var done = Waiting with { State = CleanupItemState.Done };

        Assert.Same(done, CleanupProgressReader.Settle(done, new InstanceState("inst-1", null, null)));
        Assert.Equal(CleanupItemState.Failed, CleanupProgressReader.Settle(Waiting, new InstanceState("inst-1", null, null)).State);
    }

    private static InstanceState State(SyncedState? synced) => new(
        "inst-1",
        new StoredDocument<DesiredState>(new DesiredState
        {
            InstanceId = "inst-1",
            ApprovalCode = SampleInstances.ApprovalCode,
            DesiredVersion = 3,
            Complete = true,
            LastReceivedAt = Now,
            Purged = true,
            PurgeRunId = RunId,
            Instance = SampleInstances.Instance(status: ApprovalFunctions.Feishu.Models.InstanceStatus.Approved),
        }, new ETag("d")),
        synced is null ? null : new StoredDocument<SyncedState>(synced, new ETag("s")));
}
