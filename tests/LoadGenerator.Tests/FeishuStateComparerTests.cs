using System.Text.Json.Nodes;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.LoadGenerator.Verification;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.LoadGenerator.Tests;

public sealed class FeishuStateComparerTests
{
    private static readonly ExternalInstance Source = new()
    {
        ApprovalCode = "LG_EXPENSE_CLAIM",
        InstanceId = "inst-1",
        Status = InstanceStatus.Approved,
        Links = new ExternalLinks { PcLink = "https://oa.example.com/approvals/inst-1" },
        Title = "@i18n@title",
        UserId = "lg_u00001",
        StartTime = 1_000,
        EndTime = 5_000,
        UpdateTime = 5_000,
        TaskList =
        [
            new ExternalTask
            {
                TaskId = "inst-1-t01", UserId = "lg_u00002", Links = new ExternalLinks { PcLink = "https://oa.example.com/tasks/1" },
                Status = TaskStatus.Approved, Extra = """{"complete_reason":"approved"}""", CreateTime = 1_000, EndTime = 3_000, UpdateTime = 3_000,
                NodeId = "node_1", NodeName = "@i18n@node_1",
            },
            new ExternalTask
            {
                TaskId = "inst-1-t02", UserId = "lg_u00003", Links = new ExternalLinks { PcLink = "https://oa.example.com/tasks/2" },
                Status = TaskStatus.Approved, Extra = """{"complete_reason":"approved"}""", CreateTime = 3_000, EndTime = 5_000, UpdateTime = 5_000,
                NodeId = "node_2", NodeName = "@i18n@node_2",
            },
        ],
        CcList =
        [
            new ExternalCc
            {
                CcId = "inst-1-c01", UserId = "lg_u00004", Links = new ExternalLinks { PcLink = "https://oa.example.com/cc/1" },
                ReadStatus = ReadStatus.Read, CreateTime = 2_000, UpdateTime = 4_000,
            },
        ],
        I18nResources =
        [
            new I18nResource
            {
                Locale = "zh-CN", IsDefault = true,
                Texts = [new I18nText { Key = "@i18n@title", Value = "报销申请" }, new I18nText { Key = "@i18n@node_1", Value = "审批" }, new I18nText { Key = "@i18n@node_2", Value = "财务" }],
            },
        ],
    };

    private static IReadOnlyList<Difference> CompareWith(Action<JsonObject> changeFeishu)
    {
        var view = FeishuViews.Of(Source);
        changeFeishu(view);
        return FeishuStateComparer.Compare([Source], FeishuViews.Index(view));
    }

    private static JsonObject Task(JsonObject view, int index) => view["task_list"]![index]!.AsObject();

    [Fact]
    public void Feishu_holding_exactly_what_the_source_sent_is_consistent() =>
        Assert.Empty(CompareWith(_ => { }));

    [Fact]
    public void A_later_instance_time_in_Feishu_is_accepted()
    {
        var differences = CompareWith(view =>
        {
            view["update_time"] = "5001";
            view["effective_update_time"] = "5001";
        });

        Assert.Empty(differences);
    }

    [Fact]
    public void A_later_instance_time_in_Feishu_is_a_difference_when_times_must_be_exact()
    {
        var view = FeishuViews.Of(Source);
        view["update_time"] = "5001";
        view["effective_update_time"] = "5001";

        var difference = Assert.Single(FeishuStateComparer.Compare([Source], FeishuViews.Index(view), exactInstanceTime: true));

        Assert.Equal(DifferenceKind.InstanceTimeDiffers, difference.Kind);
        Assert.Contains("5001", difference.Detail, StringComparison.Ordinal);
        Assert.Empty(FeishuStateComparer.Compare([Source], FeishuViews.Index(FeishuViews.Of(Source)), exactInstanceTime: true));
    }

    [Fact]
    public void An_older_instance_time_in_Feishu_is_a_stale_instance()
    {
        var difference = Assert.Single(CompareWith(view => view["effective_update_time"] = "4999"));

        Assert.Equal(DifferenceKind.StaleInstanceTime, difference.Kind);
        Assert.Contains("4999", difference.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_instance_Feishu_does_not_hold_is_missing()
    {
        var difference = Assert.Single(FeishuStateComparer.Compare([Source], new Dictionary<string, JsonObject>()));

        Assert.Equal(DifferenceKind.MissingInstance, difference.Kind);
        Assert.Equal("inst-1", difference.InstanceId);
    }

    [Fact]
    public void A_different_instance_field_is_reported_with_both_values()
    {
        var difference = Assert.Single(CompareWith(view => view["status"] = "PENDING"));

        Assert.Equal(DifferenceKind.InstanceFieldDiffers, difference.Kind);
        Assert.Equal("""status is "PENDING" in Feishu, the source sent "APPROVED" """.TrimEnd(), difference.Detail);
    }

    [Fact]
    public void A_task_missing_in_Feishu_is_reported()
    {
        var difference = Assert.Single(CompareWith(view => view["task_list"]!.AsArray().RemoveAt(1)));

        Assert.Equal(DifferenceKind.MissingTask, difference.Kind);
        Assert.Equal("inst-1-t02", difference.EntityId);
    }

    [Fact]
    public void A_task_with_a_wrong_status_but_the_same_time_is_a_field_difference()
    {
        var difference = Assert.Single(CompareWith(view => Task(view, 0)["status"] = "PENDING"));

        Assert.Equal(DifferenceKind.TaskFieldDiffers, difference.Kind);
        Assert.Equal("inst-1-t01", difference.EntityId);
        Assert.Contains("status", difference.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_with_an_older_time_is_a_time_difference_naming_the_fields()
    {
        var difference = Assert.Single(CompareWith(view =>
        {
            var task = Task(view, 1);
            task["status"] = "PENDING";
            task["effective_update_time"] = "3000";
        }));

        Assert.Equal(DifferenceKind.TaskTimeDiffers, difference.Kind);
        Assert.Contains("status differ too", difference.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_with_a_later_time_than_the_source_sent_is_a_difference_too() =>
        Assert.Equal(DifferenceKind.TaskTimeDiffers, Assert.Single(CompareWith(view => Task(view, 0)["effective_update_time"] = "3001")).Kind);

    [Fact]
    public void A_cc_the_source_never_sent_is_extra()
    {
        var difference = Assert.Single(CompareWith(view =>
        {
            var extra = view["cc_list"]![0]!.DeepClone().AsObject();
            extra["cc_id"] = "inst-1-c99";
            view["cc_list"]!.AsArray().Add(extra);
        }));

        Assert.Equal(DifferenceKind.ExtraCc, difference.Kind);
        Assert.Equal("inst-1-c99", difference.EntityId);
    }

    [Fact]
    public void A_cc_still_unread_in_Feishu_is_reported()
    {
        var difference = Assert.Single(CompareWith(view =>
        {
            var cc = view["cc_list"]![0]!.AsObject();
            cc["read_status"] = "UNREAD";
            cc["effective_update_time"] = "2000";
        }));

        Assert.Equal(DifferenceKind.CcTimeDiffers, difference.Kind);
        Assert.Contains("read_status", difference.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_task_an_extra_cc_and_a_stale_instance_are_all_reported()
    {
        var differences = CompareWith(view =>
        {
            view["task_list"]!.AsArray().RemoveAt(0);
            view["cc_list"]!.AsArray().Add(new JsonObject { ["cc_id"] = "inst-1-c02", ["effective_update_time"] = "1" });
            view["effective_update_time"] = "1";
        });

        Assert.Equal(
            new[] { DifferenceKind.StaleInstanceTime, DifferenceKind.MissingTask, DifferenceKind.ExtraCc },
            differences.Select(d => d.Kind).ToArray());
    }

    [Fact]
    public void A_null_field_in_Feishu_equals_a_field_the_source_left_out() =>
        Assert.Empty(CompareWith(view => view["open_id"] = null));

    [Fact]
    public void Instances_of_other_runs_in_Feishu_are_ignored()
    {
        var other = FeishuViews.Of(Source with { InstanceId = "other-run-1" });

        Assert.Empty(FeishuStateComparer.Compare([Source], FeishuViews.Index(FeishuViews.Of(Source), other)));
    }

    [Fact]
    public void The_emulator_view_is_indexed_by_instance_id()
    {
        var index = FeishuStateComparer.IndexById([FeishuViews.Of(Source), new JsonObject { ["no_id"] = true }]);

        Assert.Equal(new[] { "inst-1" }, index.Keys);
    }
}
