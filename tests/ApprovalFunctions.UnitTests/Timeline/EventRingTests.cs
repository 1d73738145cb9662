using ApprovalFunctions.Core.Timeline;

namespace ApprovalFunctions.UnitTests.Timeline;

public sealed class EventRingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Appending_beyond_the_cap_drops_the_oldest_and_keeps_time_order()
    {
        IReadOnlyList<InstanceEvent>? ring = null;
        for (var i = 0; i < 7; i++)
        {
            ring = EventRing.Append(ring, [Event(i)], maxEvents: 4, cutoff: DateTimeOffset.MinValue);
        }

        Assert.Equal([3L, 4L, 5L, 6L], ring!.Select(e => e.DesiredVersion!.Value));
    }

    [Fact]
    public void Events_past_retention_are_dropped_when_the_ring_is_written()
    {
        var ring = EventRing.Append(null, [Event(0), Event(10)], maxEvents: 40, cutoff: T0.AddMinutes(5));

        Assert.Equal([10L], ring.Select(e => e.DesiredVersion!.Value));
    }

    [Fact]
    public void An_event_that_arrives_late_is_placed_by_its_time()
    {
        var ring = EventRing.Append(EventRing.Append(null, [Event(5)], 40, DateTimeOffset.MinValue), [Event(2)], 40, DateTimeOffset.MinValue);

        Assert.Equal([2L, 5L], ring.Select(e => e.DesiredVersion!.Value));
    }

    [Fact]
    public void The_cap_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EventRing.Append(null, [Event(0)], 0, DateTimeOffset.MinValue));
    }

    private static InstanceEvent Event(int minute) => new(T0.AddMinutes(minute), InstanceEventKinds.Change, "queued", minute);
}
