using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.QuickApproval;
using ApprovalFunctions.Core.Requests;
using ApprovalFunctions.SourceStandIn;
using FeishuEmulator.Callbacks;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.IntegrationTests.QuickApproval;

/// <summary>
/// Issue 13 over real HTTP with encrypted callbacks: a tap in Feishu reaches the source system signed, the source approves
/// and syncs back, and Feishu shows the task APPROVED; every other answer the approver can get; the operator's views.
/// </summary>
public sealed class QuickApprovalEndToEndTests : IClassFixture<EncryptedQuickApprovalStack>
{
    private readonly EncryptedQuickApprovalStack stack;

    public QuickApprovalEndToEndTests(EncryptedQuickApprovalStack stack)
    {
        this.stack = stack;
        stack.Source.Behaviour.Current = new BehaviourSettings();
    }

    [Fact]
    public async Task A_tap_reaches_the_source_which_syncs_back_and_Feishu_shows_the_task_APPROVED()
    {
        var instanceId = await stack.SubmitSampleAsync();
        var before = stack.App.Emulator.State.FindInstance(instanceId)!.FindTask(QuickApprovalStack.FinanceTask(instanceId))!.UpdateTime;

        var report = await stack.TapAsync(instanceId);
        var approvedAt = await stack.WaitForTaskAsync(instanceId, "APPROVED");

        Assert.Equal((200, true, 0), (report["status"]!.GetValue<int>(), report["encrypted"]!.GetValue<bool>(), report["body"]!["code"]!.GetValue<int>()));
        Assert.True(approvedAt > before, $"The approved task's update_time {approvedAt} is not newer than {before}.");
        Assert.Equal("APPROVED", stack.App.Emulator.State.FindInstance(instanceId)!.Status);
        var delivery = Assert.Single(stack.DeliveriesFor(instanceId));
        Assert.True(delivery.Verified);
        var relayed = JsonNode.Parse(delivery.Body)!.AsObject();
        Assert.Equal(
            ("approval.task.action", "APPROVE", QuickApprovalStack.ApprovalCode, QuickApprovalStack.FinanceTask(instanceId), "ou_finance_wangwu"),
            (relayed["type"]!.GetValue<string>(), relayed["action_type"]!.GetValue<string>(), relayed["approval_code"]!.GetValue<string>(), relayed["task_id"]!.GetValue<string>(), relayed["user_id"]!.GetValue<string>()));
        Assert.False(relayed.ContainsKey("token"));
    }

    [Fact]
    public async Task The_signature_verifies_with_the_projects_own_verifier_and_only_with_the_configured_secret()
    {
        var instanceId = await stack.SubmitSampleAsync();
        await stack.TapAsync(instanceId);

        var delivery = Assert.Single(stack.DeliveriesFor(instanceId));
        var headers = RequestHeaders.Of(
            (WebhookSignatureVerifier.IdHeader, delivery.WebhookId),
            (WebhookSignatureVerifier.TimestampHeader, delivery.Timestamp),
            (WebhookSignatureVerifier.SignatureHeader, delivery.Signature));

        Assert.Empty(Verifier(QuickApprovalStack.SourceSecret).Verify(headers, delivery.Body));
        Assert.NotEmpty(Verifier(EndToEnd.SignedRequests.Secret(0x01)).Verify(headers, delivery.Body));
        Assert.NotEmpty(Verifier(QuickApprovalStack.SourceSecret).Verify(headers, [.. delivery.Body, (byte)'\n']));
    }

    [Fact]
    public async Task A_double_tap_reaches_the_source_under_one_webhook_id_and_is_carried_out_once()
    {
        // The source acts but does not sync back, so Feishu keeps showing the buttons and the approver taps again.
        stack.Source.Behaviour.Current = new BehaviourSettings(SyncBack: false);
        var instanceId = await stack.SubmitSampleAsync();

        var first = await stack.TapAsync(instanceId, "REJECT", reason: "over budget");
        var second = await stack.TapAsync(instanceId, "REJECT", reason: "over budget, really");

        Assert.Equal((200, 200), (first["status"]!.GetValue<int>(), second["status"]!.GetValue<int>()));
        var deliveries = stack.DeliveriesFor(instanceId);
        Assert.Equal(2, deliveries.Count);
        Assert.Single(deliveries.Select(d => d.WebhookId).Distinct());
        Assert.All(deliveries, d => Assert.True(d.Verified && d.AnsweredStatus == 200));
        var task = stack.Source.Model.Find(instanceId)!["task_list"]!.AsArray().Single(t => t!["task_id"]!.GetValue<string>() == QuickApprovalStack.FinanceTask(instanceId))!;
        Assert.Equal("REJECTED", task["status"]!.GetValue<string>());
        Assert.Equal("PENDING", stack.App.Emulator.State.FindInstance(instanceId)!.FindTask(QuickApprovalStack.FinanceTask(instanceId))!.Status);
    }

    [Fact]
    public async Task An_accepted_action_whose_status_never_comes_back_is_listed_as_overdue_until_it_does()
    {
        stack.Source.Behaviour.Current = new BehaviourSettings(SyncBack: false);
        var instanceId = await stack.SubmitSampleAsync();
        await stack.TapAsync(instanceId);
        await Task.Delay(TimeSpan.FromSeconds(1.2));

        var overdue = (await stack.GetJsonAsync("api/ops/actions/overdue"))["overdue"]!.AsArray().OfType<JsonObject>()
            .Where(o => o["instance_id"]!.GetValue<string>() == instanceId).ToList();
        var entry = Assert.Single(overdue);
        Assert.Equal((QuickApprovalStack.FinanceTask(instanceId), "APPROVE", "PENDING"), (entry["task_id"]!.GetValue<string>(), entry["action_type"]!.GetValue<string>(), entry["desired_task_status"]!.GetValue<string>()));

        // The source syncs the approval later: the task leaves the list.
        var approved = stack.Source.Model.Find(instanceId)!;
        approved["update_mode"] = "REPLACE";
        using var synced = await stack.Feishu.PostAsync(new Uri(stack.Source.BaseUrl, "instances"), new StringContent(approved.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(synced.IsSuccessStatusCode, await synced.Content.ReadAsStringAsync());
        var after = await stack.GetJsonAsync("api/ops/actions/overdue");
        Assert.DoesNotContain(after["overdue"]!.AsArray(), o => o!["instance_id"]!.GetValue<string>() == instanceId);
    }

    [Fact]
    public async Task A_task_whose_status_came_back_is_never_overdue()
    {
        var instanceId = await stack.SubmitSampleAsync();
        await stack.TapAsync(instanceId);
        await stack.WaitForTaskAsync(instanceId, "APPROVED");
        await Task.Delay(TimeSpan.FromSeconds(1.2));

        var report = await stack.GetJsonAsync("api/ops/actions/overdue");

        Assert.DoesNotContain(report["overdue"]!.AsArray(), o => o!["instance_id"]!.GetValue<string>() == instanceId);
    }

    [Theory]
    [InlineData(409, "预算已冻结，请联系财务。Budget frozen; contact finance.")]
    [InlineData(403, "您无权审批此单。You may not approve this request.")]
    public async Task The_sources_refusal_message_is_what_the_approver_sees(int status, string message)
    {
        stack.Source.Behaviour.Current = new BehaviourSettings(RefuseStatus: status, RefuseMessage: message);
        var instanceId = await stack.SubmitSampleAsync();

        var report = await stack.TapAsync(instanceId);

        Assert.Equal((status, message, message), (report["status"]!.GetValue<int>(), report["body"]!["message"]!.GetValue<string>(), report["shown_to_user"]!.GetValue<string>()));
        Assert.Equal("PENDING", stack.App.Emulator.State.FindInstance(instanceId)!.FindTask(QuickApprovalStack.FinanceTask(instanceId))!.Status);
        var action = Assert.Single((await stack.GetJsonAsync($"api/ops/instances/{instanceId}"))["actions"]!.AsArray())!;
        Assert.Equal(("refused", status, message, status), (action["outcome"]!.GetValue<string>(), action["source_status"]!.GetValue<int>(), action["source_message"]!.GetValue<string>(), action["feishu_status"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_source_slower_than_the_timeout_gets_the_approver_a_clear_try_again_within_Feishus_deadline()
    {
        stack.Source.Behaviour.Current = new BehaviourSettings(DelayMs: 5000);
        var instanceId = await stack.SubmitSampleAsync();

        var report = await stack.TapAsync(instanceId);

        Assert.Equal((504, FeishuCallbackAnswer.TimedOut, true), (report["status"]!.GetValue<int>(), report["body"]!["message"]!.GetValue<string>(), report["within_feishu_deadline"]!.GetValue<bool>()));
        Assert.InRange(report["elapsed_ms"]!.GetValue<long>(), (long)QuickApprovalStack.RelayTimeout.TotalMilliseconds, 4900);
        var counters = await stack.App.GetCountersAsync();
        Assert.True(counters.GetValueOrDefault("approvalfunctions.callback.relayed{failure=timeout,outcome=failed}") >= 1);
        var action = Assert.Single((await stack.GetJsonAsync($"api/ops/instances/{instanceId}"))["actions"]!.AsArray())!;
        Assert.Equal(("failed", "timeout", 504), (action["outcome"]!.GetValue<string>(), action["failure_kind"]!.GetValue<string>(), action["feishu_status"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_failing_source_gets_the_approver_a_clear_try_again()
    {
        stack.Source.Behaviour.Current = new BehaviourSettings(RefuseStatus: 503, RefuseMessage: "maintenance");
        var instanceId = await stack.SubmitSampleAsync();

        var report = await stack.TapAsync(instanceId);

        Assert.Equal((502, FeishuCallbackAnswer.Unavailable), (report["status"]!.GetValue<int>(), report["body"]!["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Diagnose_lists_each_relayed_action_of_the_instance()
    {
        var instanceId = await stack.SubmitSampleAsync();
        await stack.TapAsync(instanceId);
        await stack.WaitForTaskAsync(instanceId, "APPROVED");

        var diagnosis = await stack.GetJsonAsync($"api/ops/instances/{instanceId}");

        var action = Assert.Single(diagnosis["actions"]!.AsArray())!.AsObject();
        Assert.Equal(
            (QuickApprovalStack.FinanceTask(instanceId), "APPROVE", "accepted", 200, 200, Assert.Single(stack.DeliveriesFor(instanceId)).WebhookId),
            (action["task_id"]!.GetValue<string>(), action["action_type"]!.GetValue<string>(), action["outcome"]!.GetValue<string>(),
             action["source_status"]!.GetValue<int>(), action["feishu_status"]!.GetValue<int>(), action["webhook_id"]!.GetValue<string>()));
        Assert.DoesNotContain("ou_finance_wangwu", action.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_timeline_shows_each_tap_between_the_changes_it_came_after_and_before()
    {
        const string refusal = "预算已冻结。Budget frozen.";
        stack.Source.Behaviour.Current = new BehaviourSettings(RefuseStatus: 409, RefuseMessage: refusal);
        var instanceId = await stack.SubmitSampleAsync();
        await stack.TapAsync(instanceId, "REJECT", reason: "over budget");
        stack.Source.Behaviour.Current = new BehaviourSettings();
        await stack.TapAsync(instanceId);
        await stack.WaitForTaskAsync(instanceId, "APPROVED");

        var timeline = await stack.GetJsonAsync($"api/ops/instances/{instanceId}/timeline");

        var events = timeline["events"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var at = events.Select(e => DateTimeOffset.Parse(e["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(at.OrderByDescending(t => t), at);
        var kinds = events.Select(e => (e["kind"]!.GetValue<string>(), e["outcome"]?.GetValue<string>())).Reverse().ToList();
        var firstChange = kinds.IndexOf(("change", "queued"));
        var refused = kinds.IndexOf(("action", "refused"));
        var accepted = kinds.IndexOf(("action", "accepted"));
        var syncedBack = kinds.LastIndexOf(("change", "queued"));
        Assert.True(firstChange < refused && refused < accepted && accepted < syncedBack, string.Join(", ", kinds));

        var approve = events.Single(e => e["outcome"]?.GetValue<string>() == "accepted").AsObject();
        var facts = approve["quick_action"]!.AsObject();
        Assert.Equal(
            ("APPROVE", QuickApprovalStack.FinanceTask(instanceId), 200, 200, stack.DeliveriesFor(instanceId)[^1].WebhookId),
            (facts["action_type"]!.GetValue<string>(), facts["task_id"]!.GetValue<string>(), facts["source_status"]!.GetValue<int>(),
             facts["feishu_status"]!.GetValue<int>(), facts["webhook_id"]!.GetValue<string>()));
        Assert.True(DateTimeOffset.Parse(facts["relayed_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= DateTimeOffset.Parse(approve["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(approve["duration_ms"]!.GetValue<long>() >= 0);
        var reject = events.Single(e => e["outcome"]?.GetValue<string>() == "refused");
        Assert.Contains($"Feishu got 409 and showed the approver \"{refusal}\"", reject["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("ou_finance_wangwu", timeline.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callbacks_with_a_wrong_token_or_key_or_body_are_refused_and_nothing_is_relayed()
    {
        var instanceId = await stack.SubmitSampleAsync();
        var callback = new JsonObject
        {
            ["action_type"] = "APPROVE",
            ["user_id"] = "ou_finance_wangwu",
            ["approval_code"] = QuickApprovalStack.ApprovalCode,
            ["instance_id"] = instanceId,
            ["task_id"] = QuickApprovalStack.FinanceTask(instanceId),
            ["token"] = QuickApprovalStack.Token,
        };
        string Encrypted(JsonObject body, string key = EncryptedQuickApprovalStack.CallbackKey) =>
            new JsonObject { ["encrypt"] = FeishuCallbackCipher.Encrypt(key, body.ToJsonString()) }.ToJsonString();
        var wrongToken = (JsonObject)callback.DeepClone();
        wrongToken["token"] = "it-callback-token-guess";
        var noTask = (JsonObject)callback.DeepClone();
        noTask.Remove("task_id");

        var cases = new (string Body, HttpStatusCode Expected)[]
        {
            (Encrypted(wrongToken), HttpStatusCode.Unauthorized),
            (callback.ToJsonString(), HttpStatusCode.Unauthorized),
            (Encrypted(callback, key: "not-the-key"), HttpStatusCode.Unauthorized),
            ("{\"encrypt\":\"@@@\"}", HttpStatusCode.BadRequest),
            ("this is not json", HttpStatusCode.BadRequest),
            (Encrypted(noTask), HttpStatusCode.BadRequest),
            (new JsonObject { ["encrypt"] = new string('A', 70_000) }.ToJsonString(), HttpStatusCode.RequestEntityTooLarge),
        };
        foreach (var (body, expected) in cases)
        {
            using var response = await stack.Anonymous.PostAsync(new Uri("api/feishu/actions", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
            var answer = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{body[..Math.Min(60, body.Length)]}: expected {(int)expected}, got {(int)response.StatusCode} {answer}");
            Assert.False(string.IsNullOrEmpty(JsonNode.Parse(answer)?["message"]?.GetValue<string>()), answer);
        }

        Assert.Empty(stack.DeliveriesFor(instanceId));
        Assert.Empty((await stack.GetJsonAsync($"api/ops/instances/{instanceId}"))["actions"]?.AsArray() ?? []);

        using var genuine = await stack.Anonymous.PostAsync(new Uri("api/feishu/actions", UriKind.Relative), new StringContent(Encrypted(callback), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Single(stack.DeliveriesFor(instanceId));
    }

    [Fact]
    public async Task The_definition_in_Feishu_carries_the_apps_callback_url_token_and_key_and_only_operators_may_set_it()
    {
        var external = stack.App.Emulator.State.FindApproval(QuickApprovalStack.ApprovalCode)!["external"]!;

        Assert.Equal(
            (new Uri(stack.App.Host.BaseAddress, "api/feishu/actions").ToString(), QuickApprovalStack.Token, EncryptedQuickApprovalStack.CallbackKey),
            (external["action_callback_url"]!.GetValue<string>(), external["action_callback_token"]!.GetValue<string>(), external["action_callback_key"]!.GetValue<string>()));

        var withToken = QuickApprovalStack.Definition();
        withToken["external"]!["action_callback_token"] = "copied by hand";
        using var refused = await stack.PublishDefinitionAsync(withToken);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("action_callback_token", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var anonymous = await stack.PublishDefinitionAsync(QuickApprovalStack.Definition(), stack.Anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var overdueWithoutKey = await stack.Anonymous.GetAsync(new Uri("api/ops/actions/overdue", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, overdueWithoutKey.StatusCode);
    }

    private static WebhookSignatureVerifier Verifier(string secret) =>
        new(Options.Create(new IngestOptions { WebhookSecrets = secret }), TimeProvider.System);
}
