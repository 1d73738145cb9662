using ApprovalFunctions.Core.Operations.Cleanup;

namespace ApprovalFunctions.UnitTests.Operations;

public sealed class CleanupScopeTests
{
    public static TheoryData<CleanupRequest, string> BadScopes => new()
    {
        { new CleanupRequest(), "$" },
        { new CleanupRequest { All = true, ApprovalCode = "A" }, "$" },
        { new CleanupRequest { InstanceIds = ["a"], All = true }, "$" },
        { new CleanupRequest { All = false }, "$.all" },
        { new CleanupRequest { InstanceIds = [] }, "$.instance_ids" },
        { new CleanupRequest { InstanceIds = ["a", " "] }, "$.instance_ids[1]" },
        { new CleanupRequest { ApprovalCode = "" }, "$.approval_code" },
        { new CleanupRequest { DiscoverUsers = [] }, "$.discover_users" },
        { new CleanupRequest { DiscoverUsers = [new DiscoverUser("", null)] }, "$.discover_users[0].user_id" },
        { new CleanupRequest { DiscoverUsers = [new DiscoverUser("u", "email")] }, "$.discover_users[0].user_id_type" },
    };

    [Theory]
    [MemberData(nameof(BadScopes))]
    public void A_bad_scope_is_refused_naming_the_field(CleanupRequest request, string field)
    {
        Assert.Null(CleanupScope.TryCreate(request, out var error));
        Assert.Equal(field, error!.Field);
    }

    [Fact]
    public void The_same_scope_in_another_order_has_the_same_fingerprint()
    {
        var one = CleanupScope.TryCreate(new CleanupRequest { InstanceIds = ["b", "a", "b"], DiscoverUsers = [new DiscoverUser("u2", null), new DiscoverUser("u1", "open_id")] }, out _)!;
        var other = CleanupScope.TryCreate(new CleanupRequest { InstanceIds = ["a", "b"], DiscoverUsers = [new DiscoverUser("u1", null), new DiscoverUser("u2", "open_id")] }, out _)!;

        Assert.Equal(one.Fingerprint(), other.Fingerprint());
        Assert.Equal(["a", "b"], one.InstanceIds);
        Assert.NotEqual(one.Fingerprint(), (one with { All = true }).Fingerprint());
    }

    [Fact]
    public void The_description_counts_users_without_naming_them()
    {
        var scope = CleanupScope.TryCreate(new CleanupRequest { ApprovalCode = "A", DiscoverUsers = [new DiscoverUser("ou_secret_person", null)] }, out _)!;

        Assert.Equal("approval_code A + instances found in the task lists of 1 users", scope.Describe());
        Assert.DoesNotContain("ou_secret_person", scope.Describe(), StringComparison.Ordinal);
    }
}
