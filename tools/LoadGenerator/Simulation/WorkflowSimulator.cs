using System.Globalization;
using ApprovalFunctions.Feishu.Models;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.LoadGenerator.Simulation;

/// <summary>
/// Simulates a source approval system (OA/ERP): each instance is submitted, moves node by node through its process
/// with approvals, signers added before or after, transfers and CCs (read later), and ends approved, rejected or
/// withdrawn. Deterministic: the same settings and index always give the same workflow.
/// </summary>
internal sealed class WorkflowSimulator(WorkflowSettings settings)
{
    private const int UserPool = 5000;
    private const int MaxCcs = 5;
    private const double CcAtSubmitRate = 0.2;
    private const double LateCcReadRate = 0.3;
    private static readonly TimeSpan History = TimeSpan.FromDays(30);
    private static readonly TimeSpan LongestPause = TimeSpan.FromHours(3);

    private static readonly (WorkflowAction Action, double Weight)[] MiddleActions =
    [
        (WorkflowAction.Approve, 0.40),
        (WorkflowAction.Transfer, 0.10),
        (WorkflowAction.AddSignerBefore, 0.08),
        (WorkflowAction.AddSignerAfter, 0.08),
        (WorkflowAction.CarbonCopy, 0.17),
        (WorkflowAction.ReadCarbonCopy, 0.17),
    ];

    public IEnumerable<SimulatedWorkflow> SimulateAll(int instances) => Enumerable.Range(0, instances).Select(Simulate);

    public SimulatedWorkflow Simulate(int index)
    {
        var random = new Random(DeterministicSeed.Derive(settings.Seed, index));
        var process = ApprovalProcess.All[random.Next(ApprovalProcess.All.Count)];
        var instanceId = string.Create(CultureInfo.InvariantCulture, $"{settings.RunId}-{index:D6}");
        var initiatorNumber = random.Next(UserPool);
        var startTime = settings.BaseTime - (long)(random.NextDouble() * History.TotalMilliseconds);
        var instance = new SourceInstance(instanceId, process, index + 1, UserId(initiatorNumber), initiatorNumber, random.Next(100, 5_000_000), startTime);
        var run = new WorkflowRun(instance, random);

        // The forced return to the approver and the late CC read add half a change on average; the target leaves room for them.
        var target = Math.Max(2, settings.ChangesPerInstance + random.Next(-3, 3));
        var ending = random.NextDouble() switch
        {
            < 0.75 => WorkflowAction.FinalApprove,
            < 0.90 => WorkflowAction.Reject,
            _ => WorkflowAction.Withdraw,
        };

        run.Submit(startTime);
        while (run.Changes.Count < target - 1)
        {
            run.Do(run.PickMiddleAction());
        }

        if (ending == WorkflowAction.FinalApprove && run.AwaitsOriginalApprover)
        {
            run.Do(WorkflowAction.ReturnToApprover);
        }

        run.Do(ending);
        if (instance.Ccs.Any(c => c.ReadStatus == ReadStatus.Unread) && random.NextDouble() < LateCcReadRate)
        {
            run.Do(WorkflowAction.ReadCarbonCopy);
        }

        return new SimulatedWorkflow(instanceId, run.Changes, instance.State());
    }

    private static string UserId(int number) => string.Create(CultureInfo.InvariantCulture, $"lg_u{number:D5}");

    /// <summary>One instance's walk through its process.</summary>
    private sealed class WorkflowRun(SourceInstance instance, Random random)
    {
        private int _node;
        private string? _originalApprover;

        public List<SourceChange> Changes { get; } = [];

        /// <summary>A signer was added before the current approver, who gets a new task once the added signer approves.</summary>
        public bool AwaitsOriginalApprover => _originalApprover is not null;

        private ExternalTask Pending => instance.PendingTask ?? throw new InvalidOperationException($"Instance {instance.InstanceId} has no pending task.");

        public void Submit(long startTime)
        {
            instance.BeginChange(startTime);
            instance.AddTask(OtherUser(), _node, generateType: null);
            if (random.NextDouble() < CcAtSubmitRate)
            {
                instance.AddCc(OtherUser());
            }

            Changes.Add(new SourceChange(instance.InstanceId, 0, WorkflowAction.Submit, instance.ChangeBody()));
        }

        public WorkflowAction PickMiddleAction()
        {
            var allowed = MiddleActions.Where(a => IsAllowed(a.Action)).ToList();
            var roll = random.NextDouble() * allowed.Sum(a => a.Weight);
            foreach (var (action, weight) in allowed)
            {
                roll -= weight;
                if (roll < 0)
                {
                    return action;
                }
            }

            return allowed[^1].Action;
        }

        public void Do(WorkflowAction action)
        {
            var pause = 1000 + (long)(random.NextDouble() * LongestPause.TotalMilliseconds);
            instance.BeginChange(instance.UpdateTime + pause);
            switch (action)
            {
                case WorkflowAction.Approve when AwaitsOriginalApprover:
                case WorkflowAction.ReturnToApprover:
                    instance.EndTask(Pending.TaskId, TaskStatus.Approved, "approved");
                    instance.AddTask(_originalApprover!, _node, generateType: null);
                    _originalApprover = null;
                    action = WorkflowAction.ReturnToApprover;
                    break;
                case WorkflowAction.Approve:
                    instance.EndTask(Pending.TaskId, TaskStatus.Approved, "approved");
                    _node++;
                    instance.AddTask(OtherUser(), _node, generateType: null);
                    break;
                case WorkflowAction.Transfer:
                    var transferred = Pending;
                    instance.EndTask(transferred.TaskId, TaskStatus.Transferred, "forward");
                    instance.AddTask(OtherUser(), _node, transferred.GenerateType);
                    break;
                case WorkflowAction.AddSignerBefore:
                    _originalApprover = Pending.UserId;
                    instance.EndTask(Pending.TaskId, TaskStatus.Done, "add_pre");
                    instance.AddTask(OtherUser(), _node, TaskGenerateType.ExternalConsign);
                    break;
                case WorkflowAction.AddSignerAfter:
                    instance.EndTask(Pending.TaskId, TaskStatus.Approved, "add_post");
                    instance.AddTask(OtherUser(), _node, TaskGenerateType.ExternalConsign);
                    break;
                case WorkflowAction.CarbonCopy:
                    instance.AddCc(OtherUser());
                    break;
                case WorkflowAction.ReadCarbonCopy:
                    var unread = instance.Ccs.Where(c => c.ReadStatus == ReadStatus.Unread).ToList();
                    instance.ReadCc(unread[random.Next(unread.Count)].CcId);
                    break;
                case WorkflowAction.FinalApprove:
                    instance.EndTask(Pending.TaskId, TaskStatus.Approved, "approved");
                    instance.Finish(InstanceStatus.Approved);
                    break;
                case WorkflowAction.Reject:
                    instance.EndTask(Pending.TaskId, TaskStatus.Rejected, "rejected");
                    instance.Finish(InstanceStatus.Rejected);
                    break;
                case WorkflowAction.Withdraw:
                    foreach (var task in instance.Tasks.Where(t => t.Status == TaskStatus.Pending).ToList())
                    {
                        instance.EndTask(task.TaskId, TaskStatus.Done, "recall");
                    }

                    instance.Finish(InstanceStatus.Canceled);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(action), action, "Not a step of a running workflow.");
            }

            Changes.Add(new SourceChange(instance.InstanceId, Changes.Count, action, instance.ChangeBody()));
        }

        private bool IsAllowed(WorkflowAction action) => action switch
        {
            WorkflowAction.Approve => AwaitsOriginalApprover || _node < instance.NodeCount - 1,
            WorkflowAction.AddSignerBefore or WorkflowAction.AddSignerAfter => !AwaitsOriginalApprover,
            WorkflowAction.CarbonCopy => instance.Ccs.Count < MaxCcs,
            WorkflowAction.ReadCarbonCopy => instance.Ccs.Any(c => c.ReadStatus == ReadStatus.Unread),
            _ => true,
        };

        private string OtherUser() => UserId(random.Next(UserPool));
    }
}
