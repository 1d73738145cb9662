using System.Net;
using ApprovalFunctions.LocalHost;

namespace ApprovalFunctions.LocalHost.Tests;

public sealed class KeyAuthorizationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string FunctionKey = "function-key-for-tests";
    private const string AdminKey = "admin-key-for-tests";

    private static readonly Dictionary<string, string?> KeysOn = new()
    {
        ["LocalHost__FunctionKey"] = FunctionKey,
        ["LocalHost__AdminKey"] = AdminKey,
    };

    private readonly InvocationRecorder recorder = new();

    [Theory]
    [InlineData("GET", "api/items/books/1", null, HttpStatusCode.OK)]
    [InlineData("POST", "api/items", null, HttpStatusCode.Unauthorized)]
    [InlineData("POST", "api/items", "wrong", HttpStatusCode.Unauthorized)]
    [InlineData("POST", "api/items", FunctionKey, HttpStatusCode.Accepted)]
    [InlineData("POST", "api/items", AdminKey, HttpStatusCode.Accepted)]
    [InlineData("POST", "api/operations/purge", null, HttpStatusCode.Unauthorized)]
    [InlineData("POST", "api/operations/purge", FunctionKey, HttpStatusCode.Unauthorized)]
    [InlineData("POST", "api/operations/purge", AdminKey, HttpStatusCode.NoContent)]
    public async Task With_keys_each_level_accepts_only_its_keys_in_the_header(string method, string path, string? key, HttpStatusCode expected)
    {
        await using var host = await SampleHost.StartAsync(azurite, recorder, [typeof(SampleHttpFunctions)], KeysOn);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = new StringContent("{}") };
        if (key is not null)
        {
            request.Headers.Add(KeyAuthorization.KeyHeader, key);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task With_keys_the_code_query_parameter_is_accepted_too()
    {
        await using var host = await SampleHost.StartAsync(azurite, recorder, [typeof(SampleHttpFunctions)], KeysOn);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var functionLevel = await client.PostAsync(new Uri($"api/items?code={FunctionKey}", UriKind.Relative), new StringContent("{}"));
        using var adminLevel = await client.PostAsync(new Uri($"api/operations/purge?code={AdminKey}", UriKind.Relative), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Accepted, functionLevel.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, adminLevel.StatusCode);
    }

    [Fact]
    public async Task A_function_rejected_for_its_key_is_not_invoked()
    {
        await using var host = await SampleHost.StartAsync(azurite, recorder, [typeof(SampleHttpFunctions)], KeysOn);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await client.PostAsync(new Uri("api/items", UriKind.Relative), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(recorder.TryTake(out _));
    }

    [Theory]
    [InlineData("api/items")]
    [InlineData("api/operations/purge")]
    public async Task Without_keys_every_level_is_open_as_under_core_tools(string path)
    {
        await using var host = await SampleHost.StartAsync(azurite, recorder, [typeof(SampleHttpFunctions)]);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent("{}"));

        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
    }
}
