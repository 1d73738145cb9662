namespace ApprovalFunctions.Core.Timeline;

/// <summary>A bounded, time-ordered list of events (pure): appending drops what is past retention, then the oldest beyond the cap.</summary>
public static class EventRing
{
    public static IReadOnlyList<InstanceEvent> Append(IReadOnlyList<InstanceEvent>? ring, IEnumerable<InstanceEvent> events, int maxEvents, DateTimeOffset cutoff)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);
        var kept = (ring ?? []).Concat(events).Where(e => e.At >= cutoff).OrderBy(e => e.At).ToList();
        return kept.Count > maxEvents ? kept.GetRange(kept.Count - maxEvents, maxEvents) : kept;
    }
}
