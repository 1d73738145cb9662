using System.Net;
using System.Net.Http.Headers;
using FeishuEmulator.Tests.Emulator.Infrastructure;
using static FeishuEmulator.Tests.Emulator.Infrastructure.Payloads;

namespace FeishuEmulator.Tests.Emulator;

/// <summary>approval-api.md §1: tenant_access_token lifetime, reuse, and the token error codes.</summary>
public sealed class TokenTests : EmulatorTest
{
    [Fact]
    public async Task Token_call_answers_a_flat_body_with_a_token_that_lives_two_hours()
    {
        var reply = await Emulator.RequestTokenAsync();

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(0, reply.Code);
        Assert.Equal("ok", reply.Msg);
        Assert.Null(reply.Data);
        Assert.StartsWith("t-", reply.Body!["tenant_access_token"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(7200, reply.Body["expire"]!.GetValue<long>());
    }

    [Fact]
    public async Task Asking_again_with_at_least_30_minutes_left_returns_the_same_token_with_a_smaller_expire()
    {
        var first = await Emulator.RequestTokenAsync();
        Emulator.Clock!.Advance(TimeSpan.FromMinutes(90));

        var second = await Emulator.RequestTokenAsync();

        Assert.Equal(first.Body!["tenant_access_token"]!.GetValue<string>(), second.Body!["tenant_access_token"]!.GetValue<string>());
        Assert.Equal(1800, second.Body["expire"]!.GetValue<long>());
    }

    [Fact]
    public async Task Asking_again_with_less_than_30_minutes_left_returns_a_new_token_and_both_stay_valid()
    {
        var first = (await Emulator.RequestTokenAsync()).Body!["tenant_access_token"]!.GetValue<string>();
        Emulator.Clock!.Advance(TimeSpan.FromMinutes(91));

        var secondReply = await Emulator.RequestTokenAsync();
        var second = secondReply.Body!["tenant_access_token"]!.GetValue<string>();

        Assert.NotEqual(first, second);
        Assert.Equal(7200, secondReply.Body["expire"]!.GetValue<long>());
        Assert.Equal(0, (await SyncWith(first, "inst-1")).Code);
        Assert.Equal(0, (await SyncWith(second, "inst-2")).Code);
    }

    [Fact]
    public async Task A_token_past_its_lifetime_is_refused_with_99991665()
    {
        var token = (await Emulator.RequestTokenAsync()).Body!["tenant_access_token"]!.GetValue<string>();
        Emulator.Clock!.Advance(TimeSpan.FromHours(2));

        var reply = await SyncWith(token, "inst-1");

        Assert.Equal((HttpStatusCode.BadRequest, 99991665), (reply.Status, reply.Code));
        Assert.Null(Emulator.Server.State.FindInstance("inst-1"));
    }

    [Fact]
    public async Task A_call_without_authorization_is_refused_with_99991661()
    {
        var reply = await Emulator.SendAsync(HttpMethod.Post, EmulatorHarness.SyncPath, Instance("inst-1", T0), authorization: null);

        Assert.Equal((HttpStatusCode.BadRequest, 99991661), (reply.Status, reply.Code));
    }

    [Theory]
    [InlineData("Basic", "dXNlcjpwYXNz")]
    [InlineData("Bearer", "not a token")]
    [InlineData("Bearer", "u-123abc")]
    public async Task A_malformed_authorization_is_refused_with_99991671(string scheme, string parameter)
    {
        var reply = await Emulator.SendAsync(HttpMethod.Post, EmulatorHarness.SyncPath, Instance("inst-1", T0), new AuthenticationHeaderValue(scheme, parameter));

        Assert.Equal((HttpStatusCode.BadRequest, 99991671), (reply.Status, reply.Code));
    }

    [Fact]
    public async Task A_well_formed_token_the_emulator_never_issued_is_refused_with_99991663()
    {
        var reply = await SyncWith("t-0123456789abcdef0123456789abcdef01234567", "inst-1");

        Assert.Equal((HttpStatusCode.BadRequest, 99991663), (reply.Status, reply.Code));
    }

    [Theory]
    [InlineData("cli_emulator_app", "wrong-secret")]
    [InlineData("cli_unknown_app", "emulator-secret")]
    public async Task Wrong_app_credentials_are_refused_with_10015(string appId, string appSecret)
    {
        var reply = await Emulator.RequestTokenAsync(appId, appSecret);

        Assert.Equal((HttpStatusCode.BadRequest, 10015), (reply.Status, reply.Code));
        Assert.Null(reply.Body!["tenant_access_token"]);
    }

    [Fact]
    public async Task Missing_app_credentials_are_refused_with_10003()
    {
        var reply = await Emulator.SendAsync(HttpMethod.Post, EmulatorHarness.TokenPath, new System.Text.Json.Nodes.JsonObject { ["app_id"] = "cli_emulator_app" }, authorization: null);

        Assert.Equal((HttpStatusCode.BadRequest, 10003), (reply.Status, reply.Code));
    }

    [Theory]
    [InlineData("POST", EmulatorHarness.TokenPath)]
    [InlineData("POST", EmulatorHarness.SyncPath)]
    [InlineData("POST", EmulatorHarness.CheckPath)]
    [InlineData("GET", EmulatorHarness.TasksQueryPath)]
    [InlineData("GET", EmulatorHarness.ExternalTasksPath)]
    [InlineData("POST", EmulatorHarness.ExternalApprovalsPath)]
    public async Task Every_answer_carries_an_X_Tt_Logid_header_even_an_error(string method, string path)
    {
        var reply = await Emulator.SendAsync(new HttpMethod(method), path, body: null, authorization: null);

        Assert.NotEqual(HttpStatusCode.OK, reply.Status);
        Assert.False(string.IsNullOrEmpty(reply.Header("X-Tt-Logid")), reply.Raw);
    }

    private Task<FeishuReply> SyncWith(string token, string instanceId) =>
        Emulator.SendAsync(HttpMethod.Post, EmulatorHarness.SyncPath, Instance(instanceId, T0), new AuthenticationHeaderValue("Bearer", token));
}
