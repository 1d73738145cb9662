using ApprovalFunctions.Core.QuickApproval;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static ApprovalFunctions.UnitTests.QuickApproval.QuickApprovalTestData;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.UnitTests.QuickApproval;

public sealed class OverdueActionsTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    private readonly Mock<IQuickActionLog> actionLog = new();
    private readonly Mock<IInstanceStateStore> store = new();
    private readonly FakeTimeProvider clock = new(Now);
    private DateTimeOffset? askedBefore;

    private OverdueActions Listing(params AwaitingAction[] awaiting)
    {
        actionLog.Setup(l => l.ListAwaitingAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Returns<DateTimeOffset, CancellationToken>((before, _) =>
            {
                askedBefore = before;
                return awaiting.ToAsyncEnumerable();
            });
        var options = Options();
        options.CompletionGrace = Grace;
        return new OverdueActions(actionLog.Object, store.Object, Wrap(options), clock);
    }

    private static AwaitingAction Awaiting(string instanceId, string taskId, TimeSpan ago) =>
        new(instanceId, taskId, "APPROVE", "PURCHASE", "qa_" + instanceId + taskId, Now - ago, "row-" + instanceId + taskId);

    private void Holds(string instanceId, bool purged = false, params (string TaskId, TaskStatus Status)[] tasks)
    {
        var desired = new DesiredState
        {
            InstanceId = instanceId,
            ApprovalCode = "PURCHASE",
            DesiredVersion = 3,
            Complete = true,
            LastReceivedAt = Now,
            Purged = purged,
            Instance = new ExternalInstance
            {
                ApprovalCode = "PURCHASE",
                InstanceId = instanceId,
                Status = InstanceStatus.Pending,
                Links = new ExternalLinks { PcLink = "https://x" },
                StartTime = 1,
                EndTime = 0,
                UpdateTime = 2,
                I18nResources = [],
                TaskList = [.. tasks.Select(t => new ExternalTask { TaskId = t.TaskId, Status = t.Status, Links = new ExternalLinks { PcLink = "https://x" }, CreateTime = 1, EndTime = 0 })],
            },
        };
        store.Setup(s => s.LoadAsync(instanceId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new InstanceState(instanceId, new StoredDocument<DesiredState>(desired, default), null));
    }

    [Fact]
    public async Task Reads_only_actions_accepted_longer_ago_than_the_grace()
    {
        await Listing().ListAsync(CancellationToken.None);

        Assert.Equal(Now - Grace, askedBefore);
    }

    [Fact]
    public async Task A_task_still_pending_is_overdue_and_one_whose_status_came_back_leaves_the_index()
    {
        Holds("PR-1", false, ("T1", TaskStatus.Pending), ("T2", TaskStatus.Approved));
        var pending = Awaiting("PR-1", "T1", TimeSpan.FromMinutes(15));
        var done = Awaiting("PR-1", "T2", TimeSpan.FromMinutes(12));

        var report = await Listing(pending, done).ListAsync(CancellationToken.None);

        var overdue = Assert.Single(report.Overdue);
        Assert.Equal(("PR-1", "T1", OverdueActions.StillPending, 900L), (overdue.InstanceId, overdue.TaskId, overdue.DesiredTaskStatus, overdue.WaitingSeconds));
        Assert.Equal((1, 1, 600L, false), (report.Count, report.Resolved, report.CompletionGraceSeconds, report.Truncated));
        actionLog.Verify(l => l.RemoveAwaitingAsync(done, It.IsAny<CancellationToken>()), Times.Once);
        actionLog.Verify(l => l.RemoveAwaitingAsync(pending, It.IsAny<CancellationToken>()), Times.Never);
        store.Verify(s => s.LoadAsync("PR-1", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_purged_instance_is_no_longer_awaited()
    {
        Holds("PR-9", true, ("T1", TaskStatus.Pending));

        var report = await Listing(Awaiting("PR-9", "T1", TimeSpan.FromHours(1))).ListAsync(CancellationToken.None);

        Assert.Empty(report.Overdue);
        Assert.Equal(1, report.Resolved);
    }

    [Fact]
    public async Task Instances_and_tasks_the_source_never_sent_here_are_listed_as_such()
    {
        store.Setup(s => s.LoadAsync("PR-X", It.IsAny<CancellationToken>())).ReturnsAsync(new InstanceState("PR-X", null, null));
        Holds("PR-1", false, ("T1", TaskStatus.Pending));

        var report = await Listing(Awaiting("PR-X", "T1", TimeSpan.FromHours(1)), Awaiting("PR-1", "T7", TimeSpan.FromHours(1))).ListAsync(CancellationToken.None);

        Assert.Equal([OverdueActions.UnknownInstance, OverdueActions.UnknownTask], report.Overdue.Select(o => o.DesiredTaskStatus));
        actionLog.Verify(l => l.RemoveAwaitingAsync(It.IsAny<AwaitingAction>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
