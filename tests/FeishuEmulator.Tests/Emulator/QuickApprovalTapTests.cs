using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FeishuEmulator.Tests.Emulator.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static FeishuEmulator.Tests.Emulator.Infrastructure.Payloads;

namespace FeishuEmulator.Tests.Emulator;

/// <summary>approval-api.md §8: a tap sends the quick-approval callback as Feishu does, and only where Feishu shows the button.</summary>
public sealed class QuickApprovalTapTests : EmulatorTest, IAsyncLifetime
{
    private readonly List<string> received = [];
    private WebApplication? receiver;
    private (HttpStatusCode Status, string Body) answer = (HttpStatusCode.OK, "{\"code\":0,\"msg\":\"success\"}");

    private Uri CallbackUrl { get; set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        receiver = builder.Build();
        receiver.MapPost("/api/feishu/actions", async (HttpContext context) =>
        {
            received.Add(await new StreamReader(context.Request.Body).ReadToEndAsync());
            return Results.Text(answer.Body, "application/json", statusCode: (int)answer.Status);
        });
        await receiver.StartAsync();
        var port = new Uri(receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        CallbackUrl = new Uri($"http://127.0.0.1:{port}/api/feishu/actions");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (receiver is not null)
        {
            await receiver.DisposeAsync();
        }

        await DisposeAsync();
    }

    private async Task DefineAsync(string? key = null, bool withCallback = true)
    {
        var external = new JsonObject { ["support_pc"] = true, ["support_mobile"] = true, ["create_link_pc"] = "https://approvals.example.com/new" };
        if (withCallback)
        {
            external["action_callback_url"] = CallbackUrl.ToString();
            external["action_callback_token"] = "the-token";
        }

        if (key is not null)
        {
            external["action_callback_key"] = key;
        }

        var reply = await Emulator.PostAsync(EmulatorHarness.ExternalApprovalsPath, new JsonObject
        {
            ["approval_name"] = "@i18n@approval_name",
            ["approval_code"] = ApprovalCode,
            ["group_code"] = "hr",
            ["external"] = external,
            ["i18n_resources"] = new JsonArray(new JsonObject
            {
                ["locale"] = "en-US",
                ["is_default"] = true,
                ["texts"] = new JsonArray(new JsonObject { ["key"] = "@i18n@approval_name", ["value"] = "Leave" }),
            }),
        });
        Assert.Equal(0, reply.Code);
    }

    private async Task SyncTaskAsync(string status = "PENDING", bool withActions = true, bool reasonRequired = false)
    {
        var task = Task("task-1", T0 + 1, status: status);
        task["action_context"] = "ctx-1";
        if (withActions)
        {
            task["action_configs"] = new JsonArray(
                new JsonObject { ["action_type"] = "APPROVE" },
                new JsonObject { ["action_type"] = "REJECT", ["is_need_reason"] = true, ["is_reason_required"] = reasonRequired });
        }

        await Emulator.SyncOkAsync(Instance("inst-1", T0 + 1, tasks: [task]));
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> TapAsync(string actionType = "APPROVE", string? reason = null, string taskId = "task-1")
    {
        var tap = new JsonObject { ["instance_id"] = "inst-1", ["task_id"] = taskId, ["action_type"] = actionType };
        if (reason is not null)
        {
            tap["reason"] = reason;
        }

        using var response = await Emulator.Http.PostAsJsonAsync("/emulator/taps", tap);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    [Fact]
    public async Task A_tap_posts_Feishus_fields_with_the_token_in_the_body_and_reports_the_answer()
    {
        await DefineAsync();
        await SyncTaskAsync();

        var (status, report) = await TapAsync(reason: "ok");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((200, false, "已提交", CallbackUrl.ToString()), (report["status"]!.GetValue<int>(), report["encrypted"]!.GetValue<bool>(), report["shown_to_user"]!.GetValue<string>(), report["callback_url"]!.GetValue<string>()));
        Assert.Equal(0, report["body"]!["code"]!.GetValue<int>());
        Assert.Equal(
            new JsonObject
            {
                ["action_type"] = "APPROVE",
                ["action_context"] = "ctx-1",
                ["user_id"] = ApproverUserId,
                ["approval_code"] = ApprovalCode,
                ["instance_id"] = "inst-1",
                ["task_id"] = "task-1",
                ["reason"] = "ok",
                ["token"] = "the-token",
            }.ToJsonString(),
            JsonNode.Parse(Assert.Single(received))!.ToJsonString());
    }

    [Fact]
    public async Task With_a_key_on_the_definition_the_body_is_AES_256_CBC_under_the_SHA_256_of_the_key()
    {
        await DefineAsync(key: "the-key");
        await SyncTaskAsync();

        var (_, report) = await TapAsync();

        Assert.True(report["encrypted"]!.GetValue<bool>());
        var body = JsonNode.Parse(Assert.Single(received))!.AsObject();
        Assert.Equal(["encrypt"], body.Select(p => p.Key));
        var data = Convert.FromBase64String(body["encrypt"]!.GetValue<string>());
        using var aes = Aes.Create();
        aes.Key = SHA256.HashData(Encoding.UTF8.GetBytes("the-key"));
        var plain = JsonNode.Parse(aes.DecryptCbc(data.AsSpan(16), data.AsSpan(0, 16), PaddingMode.PKCS7))!;
        Assert.Equal(("APPROVE", "the-token"), (plain["action_type"]!.GetValue<string>(), plain["token"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict, "{\"message\":\"已处理 Already done\"}", "已处理 Already done")]
    [InlineData(HttpStatusCode.BadRequest, "{\"message\":\"not shown at 400\"}", "提交失败")]
    [InlineData(HttpStatusCode.BadGateway, "not json", "提交失败")]
    public async Task The_approver_sees_the_apps_message_only_under_a_status_above_400(HttpStatusCode status, string body, string shown)
    {
        answer = (status, body);
        await DefineAsync();
        await SyncTaskAsync();

        var (_, report) = await TapAsync();

        Assert.Equal(((int)status, shown), (report["status"]!.GetValue<int>(), report["shown_to_user"]!.GetValue<string>()));
    }

    [Fact]
    public async Task No_button_without_action_configs_for_the_action()
    {
        await DefineAsync();
        await SyncTaskAsync(withActions: false);

        var (status, body) = await TapAsync();

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("without an action_configs entry for APPROVE", body["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(received);
    }

    [Fact]
    public async Task No_button_on_a_task_that_is_no_longer_pending()
    {
        await DefineAsync();
        await SyncTaskAsync(status: "APPROVED");

        var (status, _) = await TapAsync();

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Empty(received);
    }

    [Fact]
    public async Task A_required_reason_must_be_given()
    {
        await DefineAsync();
        await SyncTaskAsync(reasonRequired: true);

        Assert.Equal(HttpStatusCode.BadRequest, (await TapAsync("REJECT")).Status);
        Assert.Equal(HttpStatusCode.OK, (await TapAsync("REJECT", reason: "too long")).Status);
        Assert.Single(received);
    }

    [Fact]
    public async Task A_definition_without_a_callback_url_and_an_unknown_task_are_refused()
    {
        await DefineAsync(withCallback: false);
        await SyncTaskAsync();

        Assert.Equal(HttpStatusCode.Conflict, (await TapAsync()).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await TapAsync(taskId: "task-9")).Status);
        Assert.Empty(received);
    }

    [Fact]
    public async Task Definitions_are_listed_with_their_callback_url_and_the_token_and_key_masked()
    {
        await DefineAsync(key: "the-key");

        var listed = (await Emulator.Http.GetFromJsonAsync<JsonArray>("/emulator/approvals"))!;

        var definition = Assert.Single(listed)!.AsObject();
        Assert.Equal((CallbackUrl.ToString(), true, true), (definition["action_callback_url"]!.GetValue<string>(), definition["has_action_callback_token"]!.GetValue<bool>(), definition["has_action_callback_key"]!.GetValue<bool>()));
        Assert.DoesNotContain("the-key", listed.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("the-key", Emulator.Server.State.FindApproval(ApprovalCode)!["external"]!["action_callback_key"]!.GetValue<string>());
    }
}
