using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalFunctions.Core.QuickApproval;
using static ApprovalFunctions.UnitTests.QuickApproval.QuickApprovalTestData;

namespace ApprovalFunctions.UnitTests.QuickApproval;

public sealed class RelayedActionTests
{
    private static JsonObject Relayed(FeishuActionCallback callback, DateTimeOffset? receivedAt = null) =>
        JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(RelayedAction.From(callback, receivedAt ?? Now), QuickApprovalJsonContext.Default.RelayedAction))!.AsObject();

    [Fact]
    public void The_source_gets_what_Feishu_sent_without_the_token_and_with_the_receive_time()
    {
        var attachments = new JsonArray(new JsonObject { ["file_type"] = "ATTACHMENTS", ["file_size"] = "10", ["file_name"] = "q.pdf", ["url"] = "https://f/q.pdf", ["extra"] = true });

        var relayed = Relayed(Parsed(c => c["attachments"] = attachments));

        Assert.Equal(
            new JsonObject
            {
                ["type"] = "approval.task.action",
                ["action_type"] = "APPROVE",
                ["approval_code"] = "PURCHASE",
                ["instance_id"] = "PR-1",
                ["task_id"] = "PR-1-T2",
                ["user_id"] = "ou_approver",
                ["reason"] = "fine by me",
                ["attachments"] = attachments.DeepClone(),
                ["action_context"] = "ctx-42",
                ["received_at"] = "1795608000000",
            }.ToJsonString(),
            relayed.ToJsonString());
    }

    [Fact]
    public void After_a_search_Feishu_sends_the_task_as_id_which_is_relayed_as_task_id_and_as_id()
    {
        var relayed = Relayed(Parsed(c =>
        {
            c.Remove("task_id");
            c["id"] = "PR-1-T2";
        }));

        Assert.Equal("PR-1-T2", relayed["task_id"]?.GetValue<string>());
        Assert.Equal("PR-1-T2", relayed["id"]?.GetValue<string>());
        Assert.False(relayed.ContainsKey("message_id"));
    }

    [Fact]
    public void A_card_action_carries_its_message_id()
    {
        var relayed = Relayed(Parsed(c => c["message_id"] = "om_1"));

        Assert.Equal("om_1", relayed["message_id"]?.GetValue<string>());
    }

    [Fact]
    public void Webhook_id_is_the_same_for_every_tap_on_one_task_and_action()
    {
        var first = QuickActionKeys.WebhookId(Parsed());
        var again = QuickActionKeys.WebhookId(Parsed(c =>
        {
            c["reason"] = "second try";
            c["user_id"] = "ou_other_device";
        }));
        var afterSearch = QuickActionKeys.WebhookId(Parsed(c =>
        {
            c.Remove("task_id");
            c["id"] = "PR-1-T2";
        }));

        Assert.StartsWith(QuickActionKeys.WebhookIdPrefix, first, StringComparison.Ordinal);
        Assert.Equal(first, again);
        Assert.Equal(first, afterSearch);
    }

    [Fact]
    public void Webhook_id_differs_by_action_task_and_instance_and_never_by_joining_ids_differently()
    {
        var ids = new[]
        {
            QuickActionKeys.WebhookId(Parsed()),
            QuickActionKeys.WebhookId(Parsed(c => c["action_type"] = "REJECT")),
            QuickActionKeys.WebhookId(Parsed(c => c["task_id"] = "PR-1-T3")),
            QuickActionKeys.WebhookId(Parsed(c => c["instance_id"] = "PR-2")),
            QuickActionKeys.WebhookId(Parsed(c => { c["instance_id"] = "PR-1P"; c["task_id"] = "R-1-T2"; })),
            QuickActionKeys.WebhookId(Parsed(c => { c.Remove("task_id"); c["message_id"] = "PR-1-T2"; })),
        };

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }
}
