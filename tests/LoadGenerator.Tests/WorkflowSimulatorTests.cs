using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalFunctions.Feishu.Json;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.LoadGenerator.Simulation;
using ApprovalFunctions.LoadGenerator.Verification;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.LoadGenerator.Tests;

public sealed class WorkflowSimulatorTests
{
    private const long BaseTime = 1_790_000_000_000;
    private static readonly string[] InstanceStatuses = ["PENDING", "APPROVED", "REJECTED", "CANCELED", "DELETED", "HIDDEN", "TERMINATED"];
    private static readonly string[] TaskStatuses = ["PENDING", "APPROVED", "REJECTED", "TRANSFERRED", "DONE"];
    private static readonly string[] ReadStatuses = ["READ", "UNREAD"];

    private static List<SimulatedWorkflow> Simulate(int instances, int seed = 7, int changes = 8) =>
        new WorkflowSimulator(new WorkflowSettings("lgtest", seed, changes, BaseTime)).SimulateAll(instances).ToList();

    [Fact]
    public void Every_change_is_a_valid_Feishu_sync_body()
    {
        foreach (var change in Simulate(200).SelectMany(w => w.Changes))
        {
            var body = JsonSerializer.SerializeToNode(change.Body, FeishuJsonContext.Default.ExternalInstance)!.AsObject();
            var where = $"{change.InstanceId} change {change.Sequence}";

            Assert.False(string.IsNullOrEmpty(Text(body, "approval_code")), where);
            Assert.Contains(Text(body, "status"), InstanceStatuses);
            Assert.Equal(change.Sequence == 0 ? "REPLACE" : "UPDATE", Text(body, "update_mode"));
            Assert.False(string.IsNullOrEmpty(body["links"]?["pc_link"]?.GetValue<string>()), where);
            Assert.False(string.IsNullOrEmpty(Text(body, "user_id")), where);
            foreach (var field in new[] { "start_time", "end_time", "update_time" })
            {
                AssertTime(body[field], $"{where}: {field}");
            }

            AssertExtraIsObject(body, where);
            foreach (var task in (body["task_list"] as JsonArray ?? []).Cast<JsonObject>())
            {
                Assert.False(string.IsNullOrEmpty(Text(task, "task_id")), where);
                Assert.False(string.IsNullOrEmpty(Text(task, "user_id")), where);
                Assert.Contains(Text(task, "status"), TaskStatuses);
                Assert.False(string.IsNullOrEmpty(task["links"]?["pc_link"]?.GetValue<string>()), where);
                AssertTime(task["create_time"], $"{where}: create_time");
                AssertTime(task["end_time"], $"{where}: end_time");
                AssertTime(task["update_time"], $"{where}: update_time");
                Assert.NotEqual(string.Empty, task["generate_type"]?.GetValue<string>());
                AssertExtraIsObject(task, where);
            }

            foreach (var cc in (body["cc_list"] as JsonArray ?? []).Cast<JsonObject>())
            {
                Assert.False(string.IsNullOrEmpty(Text(cc, "cc_id")), where);
                Assert.Contains(Text(cc, "read_status"), ReadStatuses);
                AssertTime(cc["create_time"], $"{where}: create_time");
                AssertTime(cc["update_time"], $"{where}: update_time");
            }

            AssertEveryTextKeyIsDefaulted(body, where);
        }
    }

    [Fact]
    public void Instance_task_and_cc_ids_are_distinct_across_the_whole_instance()
    {
        foreach (var workflow in Simulate(200))
        {
            var final = workflow.FinalState;
            var ids = new[] { final.InstanceId }
                .Concat(final.TaskList?.Select(t => t.TaskId) ?? [])
                .Concat(final.CcList?.Select(c => c.CcId) ?? [])
                .ToList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public void Update_times_strictly_increase_per_entity_from_change_to_change()
    {
        foreach (var workflow in Simulate(200))
        {
            var last = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var change in workflow.Changes)
            {
                var body = change.Body;
                Increase(last, "instance", body.UpdateTime);
                foreach (var task in body.TaskList ?? [])
                {
                    Increase(last, task.TaskId, task.UpdateTime!.Value);
                }

                foreach (var cc in body.CcList ?? [])
                {
                    Increase(last, cc.CcId, cc.UpdateTime);
                }
            }
        }

        static void Increase(Dictionary<string, long> last, string entity, long time)
        {
            if (last.TryGetValue(entity, out var previous))
            {
                Assert.True(time > previous, $"{entity}: update_time {time} after {previous}");
            }

            last[entity] = time;
        }
    }

    [Fact]
    public void An_update_carries_only_the_tasks_and_ccs_that_changed()
    {
        foreach (var workflow in Simulate(100))
        {
            var known = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var change in workflow.Changes)
            {
                var entities = (change.Body.TaskList ?? []).Select(t => (t.TaskId, Json: JsonSerializer.Serialize(t, FeishuJsonContext.Default.ExternalTask)))
                    .Concat((change.Body.CcList ?? []).Select(c => (TaskId: c.CcId, Json: JsonSerializer.Serialize(c, FeishuJsonContext.Default.ExternalCc))));
                foreach (var (id, json) in entities)
                {
                    if (change.Sequence > 0 && known.TryGetValue(id, out var before))
                    {
                        Assert.NotEqual(before, json);
                    }

                    known[id] = json;
                }
            }
        }
    }

    [Fact]
    public void Replaying_the_changes_in_order_through_the_merge_model_gives_the_final_state()
    {
        foreach (var workflow in Simulate(200))
        {
            var merged = workflow.Changes.Aggregate((ExternalInstance?)null, (state, change) => FeishuMergeModel.Apply(state, change.Body))!;

            Assert.Empty(FeishuStateComparer.Compare([workflow.FinalState], FeishuViews.Index(FeishuViews.Of(merged))));
            Assert.Equal(
                JsonSerializer.Serialize(workflow.FinalState, FeishuJsonContext.Default.ExternalInstance),
                JsonSerializer.Serialize(merged, FeishuJsonContext.Default.ExternalInstance));
        }
    }

    [Fact]
    public void Replaying_the_changes_shuffled_and_duplicated_gives_the_final_state()
    {
        var random = new Random(3);
        foreach (var workflow in Simulate(200))
        {
            var sends = workflow.Changes.Concat(workflow.Changes.Where(_ => random.NextDouble() < 0.3)).ToList();
            var shuffled = sends.OrderBy(_ => random.Next()).ToList();
            var merged = shuffled.Aggregate((ExternalInstance?)null, (state, change) => FeishuMergeModel.Apply(state, change.Body))!;

            Assert.Empty(FeishuStateComparer.Compare([workflow.FinalState], FeishuViews.Index(FeishuViews.Of(merged))));
        }
    }

    [Fact]
    public void Every_instance_ends_approved_rejected_or_withdrawn_with_no_pending_task()
    {
        foreach (var workflow in Simulate(300))
        {
            var final = workflow.FinalState;
            Assert.Contains(final.Status, new[] { InstanceStatus.Approved, InstanceStatus.Rejected, InstanceStatus.Canceled });
            Assert.True(final.EndTime > 0, workflow.InstanceId);
            Assert.DoesNotContain(final.TaskList!, t => t.Status == TaskStatus.Pending);
            var expectedReason = final.Status switch
            {
                InstanceStatus.Approved => "approved",
                InstanceStatus.Rejected => "rejected",
                _ => "recall",
            };
            Assert.Contains(final.TaskList!, t => t.Extra == $$"""{"complete_reason":"{{expectedReason}}"}""");
        }
    }

    [Fact]
    public void The_workflows_use_every_action_of_a_source_system()
    {
        var actions = Simulate(300).SelectMany(w => w.Changes).Select(c => c.Action).ToHashSet();

        Assert.Equal(Enum.GetValues<WorkflowAction>().ToHashSet(), actions);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    [InlineData(12)]
    public void The_average_number_of_changes_is_close_to_the_setting(int changes)
    {
        var average = Simulate(1000, changes: changes).Average(w => w.Changes.Count);

        Assert.InRange(average, changes - 0.5, changes + 0.5);
    }

    [Fact]
    public void The_same_seed_gives_the_same_changes_and_another_seed_other_ones()
    {
        static string Render(IEnumerable<SimulatedWorkflow> workflows) => string.Join('\n', workflows.SelectMany(w => w.Changes)
            .Select(c => JsonSerializer.Serialize(c.Body, FeishuJsonContext.Default.ExternalInstance)));

        Assert.Equal(Render(Simulate(50, seed: 11)), Render(Simulate(50, seed: 11)));
        Assert.NotEqual(Render(Simulate(50, seed: 11)), Render(Simulate(50, seed: 12)));
    }

    private static string? Text(JsonObject owner, string field) => owner[field]?.GetValue<string>();

    private static void AssertTime(JsonNode? node, string where)
    {
        Assert.True(node?.GetValueKind() == JsonValueKind.String, $"{where} must be a string");
        Assert.Matches("^[0-9]+$", node!.GetValue<string>());
    }

    private static void AssertExtraIsObject(JsonObject owner, string where)
    {
        if (owner["extra"]?.GetValue<string>() is { } extra)
        {
            Assert.True(JsonNode.Parse(extra) is JsonObject, $"{where}: extra must be a JSON object in a string");
        }
    }

    private static void AssertEveryTextKeyIsDefaulted(JsonObject body, string where)
    {
        var resources = body["i18n_resources"]!.AsArray().Cast<JsonObject>().ToList();
        var defaults = resources.Where(r => r["is_default"]!.GetValue<bool>()).ToList();
        Assert.Single(defaults);
        Assert.Equal("zh-CN", defaults[0]["locale"]!.GetValue<string>());
        var keysPerLocale = resources.Select(r => r["texts"]!.AsArray().Select(t => t!["key"]!.GetValue<string>()).ToHashSet()).ToList();
        Assert.All(keysPerLocale, keys => Assert.Equal(keysPerLocale[0], keys));

        var used = body.ToJsonString().Split('"').Where(s => s.StartsWith("@i18n@", StringComparison.Ordinal)).ToHashSet();
        Assert.NotEmpty(used);
        Assert.All(used, key => Assert.True(keysPerLocale[0].Contains(key), $"{where}: {key} is not defined"));
    }
}
