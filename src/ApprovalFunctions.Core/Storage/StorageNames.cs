namespace ApprovalFunctions.Core.Storage;

/// <summary>
/// Every table and queue the app uses. infra/ creates the same names at deploy time and the app
/// creates any that are missing on start (Azurite starts empty).
/// </summary>
public static class StorageNames
{
    /// <summary>
    /// The configuration section (and trigger connection) of the app's storage account: a connection string, or
    /// identity-based <c>tableServiceUri</c>/<c>queueServiceUri</c> with <c>credential</c> and <c>clientId</c>.
    /// </summary>
    public const string ConnectionName = "AzureWebJobsStorage";

    /// <summary>Per instance (partition): the desired state row and the synced-watermark row.</summary>
    public const string InstancesTable = "instances";

    /// <summary>Recent-change index: partition = UTC minute bucket, row = instance.</summary>
    public const string ChangeIndexTable = "changeindex";

    /// <summary>Slow-sweep index of open and recently final instances, sharded over the sweep period's rounds.</summary>
    public const string SweepIndexTable = "sweepindex";

    /// <summary>Instances that lag Feishu or are parked, so rounds and operators find them without a scan.</summary>
    public const string SyncIssuesTable = "syncissues";

    /// <summary>Reconcile checkpoint and operator runs (clean-up plans and progress).</summary>
    public const string OperationsTable = "operations";

    /// <summary>Quick-approval actions: per instance every relayed action, plus the index of accepted actions still awaiting their status.</summary>
    public const string QuickActionsTable = "quickactions";
    /// <summary>Timeline events no existing write can carry: partition = instance, a fixed set of slot rows.</summary>
    public const string InstanceEventsTable = "instanceevents";

    /// <summary>Nudges: "instance X changed". Base64 encoded, as host.json says.</summary>
    public const string SyncQueue = "instance-sync";

    /// <summary>Where the Functions host moves a nudge after maxDequeueCount attempts.</summary>
    public const string SyncPoisonQueue = SyncQueue + "-poison";

    public static IReadOnlyList<string> Tables { get; } =
        [InstancesTable, ChangeIndexTable, SweepIndexTable, SyncIssuesTable, OperationsTable, QuickActionsTable, InstanceEventsTable];

    public static IReadOnlyList<string> Queues { get; } = [SyncQueue, SyncPoisonQueue];
}
