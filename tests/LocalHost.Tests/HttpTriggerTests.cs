using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ApprovalFunctions.LocalHost.Tests;

public sealed class HttpTriggerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly InvocationRecorder recorder = new();

    [Fact]
    public async Task Function_answers_on_its_route_under_the_prefix_with_route_values_bound_by_name()
    {
        await using var host = await SampleHost.StartAsync(azurite, recorder, [typeof(SampleHttpFunctions)]);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await client.GetAsync(new Uri("api/items/books/42?q=tea", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("books", body.GetProperty("category").GetString());
        Assert.Equal("42", body.GetProperty("itemId").GetString());
        Assert.Equal("tea", body.GetProperty("query").GetString());
    }

    [Fact]
    public async Task Action_result_status_and_body_are_written_as_declared()
    {
        await using var host = await SampleHost.StartAsync(azurite, recorder, [typeof(SampleHttpFunctions)]);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await client.PostAsync(new Uri("api/items", UriKind.Relative), new StringContent("{\"id\":1}"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("{\"id\":1}", body.GetProperty("received").GetString());
    }

    [Fact]
    public async Task Only_the_declared_methods_are_routed()
    {
        await using var host = await SampleHost.StartAsync(azurite, recorder, [typeof(SampleHttpFunctions)]);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var wrongMethod = await client.DeleteAsync(new Uri("api/items", UriKind.Relative));
        using var unknownRoute = await client.GetAsync(new Uri("api/nothing-here", UriKind.Relative));
        using var withoutPrefix = await client.GetAsync(new Uri("items/books/42", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownRoute.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withoutPrefix.StatusCode);
    }

    [Fact]
    public async Task A_function_without_a_route_answers_on_its_name()
    {
        await using var host = await SampleHost.StartAsync(azurite, recorder, [typeof(SampleHttpFunctions)]);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        var text = await client.GetStringAsync(new Uri("api/SampleDefaultRoute", UriKind.Relative));

        Assert.Equal("default route", text);
    }

    [Fact]
    public async Task An_exception_escaping_a_function_answers_500()
    {
        await using var host = await SampleHost.StartAsync(azurite, recorder, [typeof(SampleHttpFunctions)]);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await client.GetAsync(new Uri("api/failing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task Health_and_host_ping_answer_once_started()
    {
        await using var host = await SampleHost.StartAsync(azurite, recorder, [typeof(SampleHttpFunctions)]);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var health = await client.GetAsync(new Uri("health", UriKind.Relative));
        using var ping = await client.GetAsync(new Uri("admin/host/ping", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
    }

    [Fact]
    public async Task Route_prefix_comes_from_host_json_settings()
    {
        await using var host = await SampleHost.StartAsync(azurite, recorder, [typeof(SampleHttpFunctions)],
            new Dictionary<string, string?> { ["AzureFunctionsJobHost__extensions__http__routePrefix"] = "v2" });
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await client.GetAsync(new Uri("v2/items/books/42", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
