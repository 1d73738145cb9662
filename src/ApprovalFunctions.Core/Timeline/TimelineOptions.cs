using System.ComponentModel.DataAnnotations;

namespace ApprovalFunctions.Core.Timeline;

/// <summary>Configuration section "Timeline": how much of each instance's history is kept.</summary>
public sealed class TimelineOptions
{
    public const string SectionName = "Timeline";

    /// <summary>
    /// Events kept per ring: the instance's desired row, its synced row and its ring in <c>instanceevents</c> each hold
    /// at most this many, the oldest dropped first, so an instance's history has a fixed upper size.
    /// </summary>
    [Range(1, 200)]
    public int MaxEventsPerRow { get; set; } = 40;

    /// <summary>Events older than this are dropped when a ring is next written and never shown.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Record the changes that stored nothing (stale, duplicate, refused): two extra storage calls per such change (the
    /// ring of <c>instanceevents</c> is read, then its oldest slot written), since no write happens that they could ride on.
    /// </summary>
    public bool RecordIgnoredChanges { get; set; } = true;

    /// <summary>
    /// Record "in sync" verdicts of reconcile rounds: one extra table write per instance checked in sync, keeping only the
    /// latest (a diff rides on the repair's own write).
    /// </summary>
    public bool RecordInSyncChecks { get; set; } = true;
}
