using System.Text.Json.Nodes;
using FeishuEmulator.State;
using static ApprovalFunctions.IntegrationTests.EndToEnd.SourceInstances;

namespace ApprovalFunctions.IntegrationTests.EndToEnd;

/// <summary>The verdict the end-to-end tests wait on must see every kind of difference.</summary>
public sealed class FeishuComparisonTests
{
    private static readonly JsonObject Expected = Instance("cmp", 2_000, tasks: List(TaskItem("t1", 2_000, "APPROVED")), ccs: List(Cc("c1", 1_000)));

    [Fact]
    public void Instance_held_as_sent_has_no_differences() =>
        Assert.Empty(FeishuComparison.Differences(Expected, Held(Expected)));

    [Fact]
    public void Newer_instance_time_in_feishu_is_accepted_and_an_older_one_is_not()
    {
        Assert.Empty(FeishuComparison.Differences(Expected, Held(Expected, instanceTime: T0 + 2_001)));
        Assert.Contains("cmp.update_time: expected at least", Assert.Single(FeishuComparison.Differences(Expected, Held(Expected, instanceTime: T0 + 1_999))), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_kind_of_difference_is_named()
    {
        var held = (JsonObject)Expected.DeepClone();
        held["status"] = "REJECTED";
        held["task_list"]![0]!["status"] = "PENDING";
        held["task_list"]!.AsArray().Add(TaskItem("t-extra", 1_000));
        held["cc_list"] = new JsonArray();

        var differences = FeishuComparison.Differences(Expected, Held(held));

        Assert.Equal(
            [
                "cmp.status: expected \"PENDING\", Feishu holds \"REJECTED\"",
                "cmp.task_list[t1].status: expected \"APPROVED\", Feishu holds \"PENDING\"",
                "cmp.task_list[t-extra]: in Feishu but not sent by the source",
                "cmp.cc_list[c1]: missing in Feishu",
            ],
            differences);
    }

    [Fact]
    public void Unknown_instance_is_a_difference() =>
        Assert.Equal(["cmp: Feishu does not hold the instance"], FeishuComparison.Differences(Expected, held: null));

    private static InstanceSnapshot Held(JsonObject body, long? instanceTime = null)
    {
        var fields = (JsonObject)body.DeepClone();
        var tasks = fields["task_list"]?.AsArray().Select(t => (JsonObject)t!.DeepClone()).ToList() ?? [];
        var ccs = fields["cc_list"]?.AsArray().Select(c => (JsonObject)c!.DeepClone()).ToList() ?? [];
        fields.Remove("task_list");
        fields.Remove("cc_list");
        fields.Remove("update_mode");
        return new InstanceSnapshot(
            "cmp",
            ApprovalCode,
            fields["status"]!.GetValue<string>(),
            "u-initiator",
            null,
            instanceTime ?? T0 + 2_000,
            fields,
            [.. tasks.Select(t => new TaskSnapshot(t["task_id"]!.GetValue<string>(), null, null, t["status"]!.GetValue<string>(), 0, t))],
            [.. ccs.Select(c => new CcSnapshot(c["cc_id"]!.GetValue<string>(), null, null, c["read_status"]!.GetValue<string>(), 0, c))]);
    }
}
