using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Sync;

public enum SyncAction
{
    /// <summary>Feishu already has everything desired: no call.</summary>
    Nothing,

    /// <summary>One UPDATE call with the instance fields, the tasks and CCs above their watermark and every unconfirmed CC.</summary>
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
    /// <summary>
    /// The CC watermarks once the call succeeds, for every CC the request carries: confirmed ones stay confirmed, the others
    /// await a check at <see cref="SentInstanceTime"/> (which is then above every time Feishu could hold before).
    /// </summary>
    public IReadOnlyDictionary<string, EntityWatermark> CcWatermarks { get; init; } = new Dictionary<string, EntityWatermark>(StringComparer.Ordinal);

    /// <summary>SHA-256 of the request as sent (for <see cref="State.UncertainCall"/>); null without a request.</summary>
    public string? RequestHash { get; init; }

    /// <summary>The REPLACE removes or changes something UPDATE cannot: every call is a REPLACE until a check confirms it.</summary>
    public bool ReplaceMustBeConfirmed { get; init; }

    /// <summary>The instance <c>update_time</c> sent: the desired one, unless it had to be advanced (see <see cref="TimeAdvanced"/>).</summary>
    public long SentInstanceTime => Request?.UpdateTime ?? 0;

    /// <summary>The instance time sent is above the source's: a CC or field change had to be provable, or the snapshot is partial.</summary>
    public bool TimeAdvanced => Request is not null && SentInstanceTime > DesiredInstanceTime;

    public string ModeName => Action switch
    {
        SyncAction.Update => FeishuVocabulary.NameOf(UpdateMode.Update),
        SyncAction.Replace => FeishuVocabulary.NameOf(UpdateMode.Replace),
        SyncAction.Park => "PARK",
        _ => "NONE",
    };
}
