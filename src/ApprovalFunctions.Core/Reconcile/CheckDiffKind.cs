namespace ApprovalFunctions.Core.Reconcile;

/// <summary>The four judgements of Feishu's check API (seed FAQ), in the order Feishu applies them; it reports only the first per instance.</summary>
public enum CheckDiffKind
{
    /// <summary>Feishu does not know the instance (update_time 0, no tasks).</summary>
    InstanceMissing,

    /// <summary>Feishu does not know a task (that task with update_time 0).</summary>
    TaskMissing,

    /// <summary>A task's update_time is not the one Feishu last accepted (that task with Feishu's time).</summary>
    TaskStale,

    /// <summary>The instance's update_time is not Feishu's (Feishu's time, no tasks).</summary>
    InstanceStale,
}
