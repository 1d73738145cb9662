using ApprovalFunctions.Core.Operations.Overview;

namespace ApprovalFunctions.UnitTests.Timeline;

public sealed class ParkedGroupsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parked_instances_are_grouped_by_Feishu_code_and_message_largest_group_first()
    {
        IssueEntry[] parked =
        [
            new("a", "Feishu refused the REPLACE: code 1390001 …", 1, T0, 1_390_001, "task_list[0].user_id 不能为空", "log-a"),
            new("b", "Feishu refused the REPLACE: code 1390001 …", 1, T0.AddMinutes(2), 1_390_001, "task_list[0].user_id 不能为空", "log-b"),
            new("c", "Feishu refused the UPDATE: code 1390002 …", 3, T0.AddMinutes(1), 1_390_002, "approval code not found", "log-c"),
            new("d", "REPLACE needed from a partial snapshot: have the source send REPLACE.", 2, T0, null, null, null),
        ];

        var groups = OperatorOverview.Group(parked);

        Assert.Equal([1_390_001, 1_390_002, (int?)null], groups.Select(g => g.FeishuCode));
        var first = groups[0];
        Assert.Equal(("task_list[0].user_id 不能为空", 2), (first.Message, first.Count));
        Assert.Equal(["b", "a"], first.InstanceIds);
        Assert.Equal((T0, T0.AddMinutes(2)), (first.Oldest, first.Newest));
        Assert.Equal("REPLACE needed from a partial snapshot: have the source send REPLACE.", groups[2].Message);
    }

    [Fact]
    public void A_group_lists_only_a_few_ids()
    {
        var parked = Enumerable.Range(0, 9).Select(i => new IssueEntry($"i{i}", "r", 1, T0.AddSeconds(i), 99, "m", null));

        var group = Assert.Single(OperatorOverview.Group(parked, idsPerGroup: 3));

        Assert.Equal(9, group.Count);
        Assert.Equal(["i8", "i7", "i6"], group.InstanceIds);
    }
}
