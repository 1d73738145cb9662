using System.Globalization;
using System.Text.Json.Nodes;

namespace ApprovalFunctions.IntegrationTests.FeishuSdk;

/// <summary>
/// The official Feishu Node SDK pointed at the app by its domain and the facade's credentials alone: a realistic workflow
/// (REPLACE, UPDATEs, a REPLACE that drops a task, final approval and rejection) reaches Feishu (the emulator) exactly,
/// and the SDK's check call is answered by Feishu's judgement from what the app accepted, as Feishu itself answers it.
/// </summary>
[Collection(FacadeAppStackCollection.Name)]
public sealed class FeishuSdkThroughAppTests(FacadeAppStack stack)
{
    [Fact]
    public async Task A_workflow_sent_with_the_sdk_ends_in_feishu_as_the_source_sent_it_and_check_answers_as_feishu_does()
    {
        var runId = Guid.NewGuid().ToString("N")[..8];
        var result = await FeishuNodeSdk.RunAsync("sync", stack.Host.BaseAddress, FacadeAppStack.AppId, FacadeAppStack.AppSecret,
            ("run-id", runId), ("approval-code", "SDK-PURCHASE"));

        // Every change: HTTP 200, code 0 and the instance echoed in data.data, as Feishu answers.
        var sent = result["sent"]!.AsArray();
        Assert.Equal(6, sent.Count);
        Assert.All(sent, change =>
        {
            Assert.Equal((200, 0, "success"), (change!["http_status"]!.GetValue<int>(), change["answer"]!["code"]!.GetValue<int>(), change["answer"]!["msg"]!.GetValue<string>()));
            Assert.Equal(change["instance_id"]!.GetValue<string>(), change["answer"]!["data"]!["data"]!["instance_id"]!.GetValue<string>());
        });

        // The token, sync and check answers have the shapes the SDK's types declare.
        Assert.Empty(result["shape_problems"]!.AsArray().Select(p => p!.GetValue<string>()));

        // A body Feishu would refuse: 400 / 1390001 naming the field, which sources never retry.
        var invalid = result["invalid"]!;
        Assert.Equal((400, 1390001), (invalid["http_status"]!.GetValue<int>(), invalid["body"]!["code"]!.GetValue<int>()));
        Assert.StartsWith("param is invalid: update_time: ", invalid["body"]!["msg"]!.GetValue<string>(), StringComparison.Ordinal);

        // Feishu ends holding exactly the source's final state: every field of the instances, tasks and CCs.
        var final = result["final"]!.AsArray().Select(i => i!.AsObject()).ToList();
        await stack.WaitForFeishuAsync(final, timeout: null);

        // The check answer: the final claims are current; each other claim stops at its step of the judgement.
        var (a, b) = (result["ids"]!["a"]!.GetValue<string>(), result["ids"]!["b"]!.GetValue<string>());
        var times = result["times"]!;
        string T(string name) => times[name]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);
        var expected = new JsonArray(
            Diff(a, T("t2"), (a + "-t1", T("t1"))),
            Diff($"sdk-{runId}-unknown", "0"),
            Diff(b, T("t2"), (b + "-t1", "0")),
            Diff(b, T("t2")));
        var check = result["check"]!;
        Assert.Equal((200, 0), (check["http_status"]!.GetValue<int>(), check["body"]!["code"]!.GetValue<int>()));
        Assert.Equal(expected.ToJsonString(), check["body"]!["data"]!["diff_instances"]!.ToJsonString());

        // Feishu (the emulator), asked the same claims by the same SDK once the app has synced, answers the same.
        var claimsFile = Path.Combine(Path.GetTempPath(), $"claims-{runId}.json");
        await File.WriteAllTextAsync(claimsFile, result["claims"]!.ToJsonString());
        try
        {
            var feishu = await FeishuNodeSdk.RunAsync("check", stack.Emulator.BaseUrl, stack.Emulator.Options.AppId, stack.Emulator.Options.AppSecret,
                ("claims", claimsFile));
            Assert.Equal(check["body"]!.ToJsonString(), feishu["check"]!["body"]!.ToJsonString());
        }
        finally
        {
            File.Delete(claimsFile);
        }
    }

    private static JsonObject Diff(string instanceId, string updateTime, params (string TaskId, string UpdateTime)[] tasks) => new()
    {
        ["instance_id"] = instanceId,
        ["update_time"] = updateTime,
        ["tasks"] = new JsonArray([.. tasks.Select(t => (JsonNode)new JsonObject { ["task_id"] = t.TaskId, ["update_time"] = t.UpdateTime })]),
    };
}
