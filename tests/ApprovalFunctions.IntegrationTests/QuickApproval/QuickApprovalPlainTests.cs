using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FeishuEmulator.Callbacks;

namespace ApprovalFunctions.IntegrationTests.QuickApproval;

/// <summary>Quick approval without <c>Callback__Key</c>: Feishu sends plain JSON with the token in it.</summary>
public sealed class QuickApprovalPlainTests(PlainQuickApprovalStack stack) : IClassFixture<PlainQuickApprovalStack>
{
    [Fact]
    public async Task A_plain_tap_completes_the_loop()
    {
        var instanceId = await stack.SubmitSampleAsync();

        var report = await stack.TapAsync(instanceId);

        Assert.Equal((200, false), (report["status"]!.GetValue<int>(), report["encrypted"]!.GetValue<bool>()));
        await stack.WaitForTaskAsync(instanceId, "APPROVED");
        Assert.Null(stack.App.Emulator.State.FindApproval(QuickApprovalStack.ApprovalCode)!["external"]!["action_callback_key"]);
    }

    [Fact]
    public async Task An_encrypted_body_while_no_key_is_configured_is_a_clear_400()
    {
        var deliveries = stack.Source.Deliveries.All.Count;
        var body = new JsonObject { ["encrypt"] = FeishuCallbackCipher.Encrypt("some key", "{\"token\":\"it-callback-token\"}") }.ToJsonString();

        using var response = await stack.Anonymous.PostAsync(new Uri("api/feishu/actions", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Callback:Key is not set", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(deliveries, stack.Source.Deliveries.All.Count);
    }
}
