using System.Text.Json;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.Json;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;
using static ApprovalFunctions.Tests.Shared.SampleInstances;
using FeishuTaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.UnitTests.Ingest;

public sealed class DesiredStateMergerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly DesiredStateMerger merger = new();

    [Fact]
    public void First_replace_creates_a_complete_snapshot_at_version_1()
    {
        var result = merger.Merge(null, Instance(tasks: [Task("t1", 1_000)]), Now);

        Assert.Equal(MergeOutcome.Applied, result.Outcome);
        var desired = Assert.IsType<DesiredState>(result.Desired);
        Assert.Equal(1, desired.DesiredVersion);
        Assert.True(desired.Complete);
        Assert.Equal(1, desired.ReplaceRequestedVersion);
        Assert.Equal(1_000, desired.ReplaceInstanceTime);
        Assert.Null(desired.Instance.UpdateMode);
        Assert.Equal(Now, desired.LastReceivedAt);
    }

    [Fact]
    public void Missing_update_mode_means_replace()
    {
        var desired = merger.Merge(null, Instance(mode: null), Now).Desired!;

        Assert.True(desired.Complete);
        Assert.Equal(1, desired.ReplaceRequestedVersion);
    }

    [Fact]
    public void First_update_creates_a_partial_snapshot()
    {
        var desired = merger.Merge(null, Instance(mode: UpdateMode.Update, tasks: [Task("t1", 1_000)]), Now).Desired!;

        Assert.False(desired.Complete);
        Assert.Equal(0, desired.ReplaceRequestedVersion);
    }

    [Fact]
    public void Task_without_update_time_takes_the_instance_update_time()
    {
        var desired = merger.Merge(null, Instance(time: 1_234, tasks: [Task("t1", null)]), Now).Desired!;

        Assert.Equal(1_234, Assert.Single(desired.Instance.TaskList!).UpdateTime);
    }

    [Fact]
    public void Newer_replace_is_the_whole_truth_and_drops_left_out_tasks_and_ccs()
    {
        var current = merger.Merge(null, Instance(time: 1_000, tasks: [Task("t1", 1_000), Task("t2", 1_000)], ccs: [Cc("c1", 1_000)]), Now).Desired;

        var result = merger.Merge(current, Instance(time: 2_000, tasks: [Task("t1", 2_000, FeishuTaskStatus.Approved)], status: InstanceStatus.Approved), Now);

        Assert.Equal(MergeOutcome.Applied, result.Outcome);
        var desired = result.Desired!;
        Assert.Equal(2, desired.DesiredVersion);
        Assert.Equal(2, desired.ReplaceRequestedVersion);
        Assert.Equal(InstanceStatus.Approved, desired.Status);
        Assert.Equal(["t1"], desired.Instance.TaskList!.Select(t => t.TaskId));
        Assert.Null(desired.Instance.CcList);
    }

    [Fact]
    public void Replace_older_than_the_newest_replace_is_stale()
    {
        var current = merger.Merge(null, Instance(time: 2_000, tasks: [Task("t1", 2_000)]), Now).Desired;

        var result = merger.Merge(current, Instance(time: 1_000, tasks: [Task("t0", 1_000)]), Now);

        Assert.Equal(MergeOutcome.Stale, result.Outcome);
        Assert.Same(current, result.Desired);
    }

    [Fact]
    public void Replace_delivered_again_is_a_duplicate()
    {
        var body = Instance(time: 2_000, tasks: [Task("t1", 2_000)]);
        var current = merger.Merge(null, body, Now).Desired;

        Assert.Equal(MergeOutcome.Duplicate, merger.Merge(current, body, Now).Outcome);
    }

    [Fact]
    public void Replace_with_equal_time_but_other_content_is_stale()
    {
        var current = merger.Merge(null, Instance(time: 2_000, tasks: [Task("t1", 2_000)]), Now).Desired;

        Assert.Equal(MergeOutcome.Stale, merger.Merge(current, Instance(time: 2_000, tasks: [Task("t9", 2_000)]), Now).Outcome);
    }

    [Fact]
    public void Replace_arriving_after_newer_updates_keeps_what_changed_after_the_snapshot()
    {
        var update = Instance(time: 3_000, mode: UpdateMode.Update, tasks: [Task("t2", 3_000)], status: InstanceStatus.Approved);
        var current = merger.Merge(null, update, Now).Desired;

        var result = merger.Merge(current, Instance(time: 1_000, tasks: [Task("t1", 1_000)]), Now);

        var desired = result.Desired!;
        Assert.Equal(MergeOutcome.Applied, result.Outcome);
        Assert.True(desired.Complete);
        Assert.Equal(InstanceStatus.Approved, desired.Status);
        Assert.Equal(3_000, desired.Instance.UpdateTime);
        Assert.Equal(["t1", "t2"], desired.Instance.TaskList!.Select(t => t.TaskId));
    }

    [Fact]
    public void Update_with_older_task_time_is_ignored()
    {
        var current = merger.Merge(null, Instance(time: 2_000, tasks: [Task("t1", 2_000, FeishuTaskStatus.Approved)]), Now).Desired;

        var result = merger.Merge(current, Instance(time: 1_500, mode: UpdateMode.Update, tasks: [Task("t1", 1_500)]), Now);

        Assert.Equal(MergeOutcome.Stale, result.Outcome);
        Assert.Equal(FeishuTaskStatus.Approved, result.Desired!.Instance.TaskList![0].Status);
    }

    [Fact]
    public void Update_with_equal_times_and_content_is_a_duplicate()
    {
        var body = Instance(time: 2_000, mode: UpdateMode.Update, tasks: [Task("t1", 2_000)]);
        var current = merger.Merge(null, body, Now).Desired;

        Assert.Equal(MergeOutcome.Duplicate, merger.Merge(current, body, Now).Outcome);
    }

    [Fact]
    public void Update_with_older_instance_time_still_applies_a_newer_task_but_not_the_instance_fields()
    {
        var current = merger.Merge(null, Instance(time: 2_000, tasks: [Task("t1", 1_000)]), Now).Desired;

        var result = merger.Merge(current, Instance(time: 1_500, mode: UpdateMode.Update, status: InstanceStatus.Rejected, tasks: [Task("t1", 2_500, FeishuTaskStatus.Approved)]), Now);

        var desired = result.Desired!;
        Assert.Equal(MergeOutcome.Applied, result.Outcome);
        Assert.Equal(InstanceStatus.Pending, desired.Status);
        Assert.Equal(2_000, desired.Instance.UpdateTime);
        Assert.Equal(FeishuTaskStatus.Approved, desired.Instance.TaskList![0].Status);
        Assert.Equal(2, desired.DesiredVersion);
        Assert.Equal(1, desired.ReplaceRequestedVersion);
    }

    [Fact]
    public void Update_never_removes_tasks_or_ccs()
    {
        var current = merger.Merge(null, Instance(time: 1_000, tasks: [Task("t1", 1_000)], ccs: [Cc("c1", 1_000)]), Now).Desired;

        var desired = merger.Merge(current, Instance(time: 2_000, mode: UpdateMode.Update, tasks: [Task("t2", 2_000)]), Now).Desired!;

        Assert.Equal(["t1", "t2"], desired.Instance.TaskList!.Select(t => t.TaskId));
        Assert.Equal(["c1"], desired.Instance.CcList!.Select(c => c.CcId));
    }

    [Fact]
    public void Update_cannot_bring_back_a_task_that_a_newer_replace_left_out()
    {
        var current = merger.Merge(null, Instance(time: 2_000, tasks: [Task("t1", 2_000)]), Now).Desired;

        var result = merger.Merge(current, Instance(time: 1_000, mode: UpdateMode.Update, tasks: [Task("t0", 1_000)]), Now);

        Assert.Equal(MergeOutcome.Stale, result.Outcome);
    }

    [Fact]
    public void Newer_cc_applies_per_entity()
    {
        var current = merger.Merge(null, Instance(time: 1_000, ccs: [Cc("c1", 1_000)]), Now).Desired;

        var desired = merger.Merge(current, Instance(time: 900, mode: UpdateMode.Update, ccs: [Cc("c1", 1_100, ReadStatus.Read)]), Now).Desired!;

        Assert.Equal(ReadStatus.Read, desired.Instance.CcList![0].ReadStatus);
    }

    [Fact]
    public void Approval_code_cannot_change()
    {
        var current = merger.Merge(null, Instance(), Now).Desired;

        var result = merger.Merge(current, Instance(time: 5_000, approvalCode: "OTHER"), Now);

        Assert.Equal(MergeOutcome.ApprovalCodeChanged, result.Outcome);
        Assert.True(result.IsConflict);
        Assert.Contains("approval_code", result.ConflictMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Purged_instance_takes_no_more_changes()
    {
        var current = merger.Merge(null, Instance(), Now).Desired! with { Purged = true, PurgeRunId = "run-7" };

        var result = merger.Merge(current, Instance(time: 5_000), Now);

        Assert.Equal(MergeOutcome.Purged, result.Outcome);
        Assert.Contains("run-7", result.ConflictMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void All_orderings_of_five_changes_each_delivered_twice_give_the_same_desired_state()
    {
        // A realistic workflow: submit (REPLACE) → node 1 approves and node 2 opens → a CC → node 2 approves → APPROVED.
        ExternalInstance[] changes =
        [
            Instance(time: 1_000, tasks: [Task("a", 1_000)]),
            Instance(time: 2_000, mode: UpdateMode.Update, tasks: [Task("a", 2_000, FeishuTaskStatus.Approved), Task("b", 2_000)]),
            Instance(time: 3_000, mode: UpdateMode.Update, ccs: [Cc("c", 3_000)]),
            Instance(time: 4_000, mode: UpdateMode.Update, tasks: [Task("b", 4_000, FeishuTaskStatus.Approved)], ccs: [Cc("c", 4_000, ReadStatus.Read)]),
            Instance(time: 5_000, mode: UpdateMode.Update, status: InstanceStatus.Approved),
        ];
        var expected = Canonical(Fold(changes.Concat(changes)));

        var orderings = 0;
        foreach (var order in Permutations([0, 1, 2, 3, 4]))
        {
            var deliveries = order.Concat(order.AsEnumerable().Reverse()).Select(i => changes[i]);
            Assert.Equal(expected, Canonical(Fold(deliveries)));
            orderings++;
        }

        Assert.Equal(120, orderings);
        var final = Fold(changes);
        Assert.Equal(InstanceStatus.Approved, final.Status);
        Assert.True(final.Complete);
        Assert.All(final.Instance.TaskList!, task => Assert.Equal(FeishuTaskStatus.Approved, task.Status));
        Assert.Equal(ReadStatus.Read, Assert.Single(final.Instance.CcList!).ReadStatus);
    }

    private DesiredState Fold(IEnumerable<ExternalInstance> deliveries)
    {
        DesiredState? state = null;
        foreach (var change in deliveries)
        {
            var result = merger.Merge(state, change, Now);
            Assert.False(result.IsConflict);
            state = result.Desired;
        }

        return state!;
    }

    /// <summary>The content that must not depend on delivery order: the instance with tasks and CCs by id, and completeness.</summary>
    private static string Canonical(DesiredState state) =>
        JsonSerializer.Serialize(state.Instance with
        {
            TaskList = state.Instance.TaskList?.OrderBy(t => t.TaskId, StringComparer.Ordinal).ToList(),
            CcList = state.Instance.CcList?.OrderBy(c => c.CcId, StringComparer.Ordinal).ToList(),
        }, CoreJsonContext.Default.ExternalInstance) + $"|complete={state.Complete}";

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, index) => index != i).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
