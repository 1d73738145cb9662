using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalFunctions.IntegrationTests.EndToEnd;

namespace ApprovalFunctions.IntegrationTests.FeishuSdk;

/// <summary>The Feishu-compatible surface over real HTTP on the local host, as the Functions host serves it (route prefix "").</summary>
[Collection(FacadeAppStackCollection.Name)]
public sealed class FacadeHttpTests(FacadeAppStack stack)
{
    [Fact]
    public async Task A_token_from_one_host_is_accepted_by_another_without_shared_state()
    {
        var token = await TokenAsync(stack.Client);
        var other = await stack.StartHostAsync(HostFunctions.IngestOnly);
        try
        {
            using var client = new HttpClient { BaseAddress = other.BaseAddress };
            Assert.Equal(token, await TokenAsync(client));
            var id = $"facade-{Guid.NewGuid():N}";
            using var request = new HttpRequestMessage(HttpMethod.Post, "open-apis/approval/v4/external_instances")
            {
                Content = Json(SourceBody(id)),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

            using var response = await client.SendAsync(request);
            var body = await ReadAsync(response);

            Assert.Equal((HttpStatusCode.OK, 0, id), (response.StatusCode, body["code"]!.GetValue<int>(), body["data"]!["data"]!["instance_id"]!.GetValue<string>()));
            await stack.WaitForFeishuAsync(SourceBody(id));
        }
        finally
        {
            await stack.StopHostAsync(other);
        }
    }

    [Fact]
    public async Task A_call_without_a_token_answers_99991661_and_is_not_taken()
    {
        var id = $"facade-{Guid.NewGuid():N}";

        using var response = await stack.Client.PostAsync(new Uri("open-apis/approval/v4/external_instances", UriKind.Relative), Json(SourceBody(id)));
        var body = await ReadAsync(response);

        Assert.Equal((HttpStatusCode.BadRequest, 99991661), (response.StatusCode, body["code"]!.GetValue<int>()));
        Assert.False(await stack.HasInstanceRowsAsync(id));
    }

    [Theory]
    [InlineData("GET", "open-apis/approval/v4/instances")]
    [InlineData("POST", "open-apis/im/v1/messages?receive_id_type=open_id")]
    [InlineData("POST", "open-apis")]
    public async Task Anything_else_under_open_apis_answers_feishus_404_envelope(string method, string path)
    {
        using var response = await stack.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(new JsonObject()) });
        var body = await ReadAsync(response);

        Assert.Equal((HttpStatusCode.NotFound, 404), (response.StatusCode, body["code"]!.GetValue<int>()));
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("X-Tt-Logid").Single()));
    }

    [Fact]
    public async Task The_apps_own_routes_keep_their_api_addresses()
    {
        using var ingest = await stack.Client.PostAsync(new Uri("api/instances", UriKind.Relative), Json(new JsonObject()));
        using var nothing = await stack.Client.PostAsync(new Uri("instances", UriKind.Relative), Json(new JsonObject()));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.NotFound), (ingest.StatusCode, nothing.StatusCode));
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        using var response = await client.PostAsync(new Uri("open-apis/auth/v3/tenant_access_token/internal", UriKind.Relative),
            Json(new JsonObject { ["app_id"] = FacadeAppStack.AppId, ["app_secret"] = FacadeAppStack.AppSecret }));
        var body = await ReadAsync(response);
        Assert.Equal((HttpStatusCode.OK, 0), (response.StatusCode, body["code"]!.GetValue<int>()));
        return body["tenant_access_token"]!.GetValue<string>();
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static JsonObject SourceBody(string id) => new()
    {
        ["approval_code"] = "FACADE-HTTP",
        ["instance_id"] = id,
        ["status"] = "PENDING",
        ["links"] = new JsonObject { ["pc_link"] = $"https://erp.example.com/{id}" },
        ["title"] = "@i18n@title",
        ["user_id"] = "u_initiator",
        ["start_time"] = "1795568400000",
        ["end_time"] = "0",
        ["update_time"] = "1795568400000",
        ["task_list"] = new JsonArray(new JsonObject
        {
            ["task_id"] = $"{id}-t1",
            ["user_id"] = "u_manager",
            ["links"] = new JsonObject { ["pc_link"] = $"https://erp.example.com/{id}/t1" },
            ["status"] = "PENDING",
            ["create_time"] = "1795568400000",
            ["end_time"] = "0",
            ["update_time"] = "1795568400000",
        }),
        ["i18n_resources"] = new JsonArray(new JsonObject
        {
            ["locale"] = "zh-CN",
            ["is_default"] = true,
            ["texts"] = new JsonArray(new JsonObject { ["key"] = "@i18n@title", ["value"] = "采购" }),
        }),
    };
}
