namespace ApprovalFunctions.Core.Timeline;

/// <summary>
/// One entry of an instance's timeline: something that happened to the instance, in the words an operator needs to
/// understand it. Only the fields of its kind are set (nulls are not stored). No user ids: they are personal data.
/// </summary>
/// <param name="At">When it happened (UTC).</param>
/// <param name="Kind">One of <see cref="InstanceEventKinds"/>; other kinds (added by later features) are shown as they are.</param>
/// <param name="Outcome">What came of it: for a change queued, stale, duplicate or refused; for a sync ok, failed or nothing; for a check the verdict.</param>
/// <param name="DesiredVersion">The desired version the event concerns.</param>
/// <param name="Mode">UPDATE or REPLACE: the mode the source sent, or the mode of the Feishu call.</param>
/// <param name="FeishuCode">Feishu's answer code (0 for success).</param>
/// <param name="LogId">Feishu's X-Tt-Logid of the call: quote it to Feishu support.</param>
/// <param name="DurationMs">How long the Feishu call took, retries inside the client included.</param>
/// <param name="Detail">A sentence for people: the reason, the error message, the run id.</param>
/// <param name="QuickAction">For a quick-approval action only: what was relayed and what each side answered.</param>
public sealed record InstanceEvent(
    DateTimeOffset At,
    string Kind,
    string? Outcome = null,
    long? DesiredVersion = null,
    string? Mode = null,
    int? FeishuCode = null,
    string? LogId = null,
    long? DurationMs = null,
    string? Detail = null,
    QuickActionFacts? QuickAction = null);

/// <summary>The kinds of <see cref="InstanceEvent"/> the app writes.</summary>
public static class InstanceEventKinds
{
    /// <summary>A change from the source system: queued (stored as a new desired version), stale, duplicate or refused.</summary>
    public const string Change = "change";

    /// <summary>A sync: a Feishu call (ok or failed, with code, log id and duration) or "nothing" (Feishu already had it).</summary>
    public const string Sync = "sync";

    /// <summary>The sync engine parked the instance: it is not sent again until it changes or is replayed.</summary>
    public const string Park = "park";

    /// <summary>A verdict of Feishu's check API in a reconcile round.</summary>
    public const string Check = "check";

    /// <summary>An operator replayed the parked instance.</summary>
    public const string Replay = "replay";

    /// <summary>An operator forced a resync (REPLACE from the complete snapshot).</summary>
    public const string Resync = "resync";

    /// <summary>A clean-up run purged the instance, or wiped it in Feishu.</summary>
    public const string Cleanup = "cleanup";

    /// <summary>
    /// A quick-approval action an approver took in Feishu, relayed to the source system: <see cref="InstanceEvent.Outcome"/>
    /// is accepted, refused or failed, <see cref="InstanceEvent.QuickAction"/> holds the rest. Read from the
    /// <c>quickactions</c> row the relay writes anyway, never stored in a ring.
    /// </summary>
    public const string Action = "action";
}
