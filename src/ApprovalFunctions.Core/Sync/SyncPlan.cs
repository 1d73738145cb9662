using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Sync;

public enum SyncAction
{
    /// <summary>Feishu already has everything desired: no call.</summary>
    Nothing,

    /// <summary>One UPDATE call with the instance fields and only the tasks and CCs above their watermark.</summary>
    Update,

    /// <summary>One REPLACE call with the whole (complete) snapshot.</summary>
    Replace,

    /// <summary>REPLACE is needed but the snapshot is partial: park, and ask the operator for a REPLACE from the source.</summary>
    Park,
}

/// <summary>
/// What one sync of an instance does. <see cref="Request"/> is the body to send (for Update and Replace);
/// <see cref="Reasons"/> says why REPLACE is needed; <see cref="ParkReason"/> is the operator-facing text when parking.
/// </summary>
public sealed record SyncPlan(
    SyncAction Action,
    long DesiredVersion,
    long DesiredInstanceTime,
    ExternalInstance? Request,
    IReadOnlyList<string> Reasons,
    string? ParkReason = null)
{
    /// <summary>The instance <c>update_time</c> sent: max(desired, FeishuInstanceTime + 1).</summary>
    public long SentInstanceTime => Request?.UpdateTime ?? 0;

    public string ModeName => Action switch
    {
        SyncAction.Update => "UPDATE",
        SyncAction.Replace => "REPLACE",
        SyncAction.Park => "PARK",
        _ => "NONE",
    };
}
