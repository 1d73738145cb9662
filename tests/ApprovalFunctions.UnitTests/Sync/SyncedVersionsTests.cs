using ApprovalFunctions.Core.Sync;

namespace ApprovalFunctions.UnitTests.Sync;

public sealed class SyncedVersionsTests
{
    [Fact]
    public void A_version_at_or_below_the_synced_one_is_covered_and_the_known_version_never_goes_down()
    {
        var versions = new SyncedVersions();

        versions.Record("a", 5);
        versions.Record("a", 3);

        Assert.True(versions.Covers("a", 5));
        Assert.True(versions.Covers("a", 1));
        Assert.False(versions.Covers("a", 6));
        Assert.False(versions.Covers("b", 1));
    }

    [Fact]
    public void The_oldest_instances_are_forgotten_first_when_full()
    {
        var versions = new SyncedVersions(capacity: 3);

        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            versions.Record(id, 1);
        }

        Assert.False(versions.Covers("a", 1));
        Assert.All(new[] { "b", "c", "d" }, id => Assert.True(versions.Covers(id, 1)));
    }
}
