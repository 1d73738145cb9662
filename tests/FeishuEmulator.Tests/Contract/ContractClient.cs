using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FeishuEmulator.Tests.Contract;

/// <summary>The production client, wired as the app wires it, sending to a <see cref="CapturingFeishuHandler"/>.</summary>
public sealed class ContractClient : IAsyncDisposable
{
    private readonly ServiceProvider services;

    public ContractClient()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Feishu:BaseUrl"] = "https://open.feishu.test",
            ["Feishu:AppId"] = "cli_contract",
            ["Feishu:AppSecret"] = "contract-secret",
        }).Build();
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddLogging();
        collection.AddFeishuApprovalClient();
        collection.AddHttpClient(FeishuHttpClient.Name).ConfigurePrimaryHttpMessageHandler(() => Handler);
        services = collection.BuildServiceProvider();
    }

    public CapturingFeishuHandler Handler { get; } = new();

    public IFeishuApprovalClient Client => services.GetRequiredService<IFeishuApprovalClient>();

    public WireRequest LastRequest => Handler.ApprovalRequests[^1];

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        Handler.Dispose();
    }
}

/// <summary>Turns what went on the wire into what a schema validates.</summary>
public static class Wire
{
    public static JsonElement Body(WireRequest request)
    {
        Assert.Equal("application/json", request.ContentType);
        Assert.NotNull(request.Body);
        return JsonDocument.Parse(request.Body).RootElement.Clone();
    }

    /// <summary>
    /// The query string as a JSON object. Query values are text; a parameter the schema types as a number or
    /// integer must be a decimal number and becomes one, every other value stays a string.
    /// </summary>
    public static JsonElement Query(WireRequest request, FeishuSchema schema)
    {
        var types = schema.Document.GetProperty("schema").GetProperty("params").GetProperty("properties");
        var parameters = new JsonObject();
        foreach (var pair in request.Query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            Assert.True(separator > 0, $"query parameter without a value: {pair}");
            var name = Uri.UnescapeDataString(pair[..separator]);
            var value = Uri.UnescapeDataString(pair[(separator + 1)..]);
            Assert.False(parameters.ContainsKey(name), $"query parameter {name} appears twice");
            var numeric = types.TryGetProperty(name, out var type) && type.GetProperty("type").GetString() is "number" or "integer";
            parameters[name] = numeric && decimal.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number)
                : JsonValue.Create(value);
        }

        return JsonSerializer.SerializeToElement(parameters);
    }

    /// <summary>Every property the schema defines (recursively) that <paramref name="instance"/> leaves out.</summary>
    public static IReadOnlyList<string> PropertiesNotSent(JsonElement schema, JsonElement instance, string path = "$")
    {
        List<string> missing = [];
        if (schema.TryGetProperty("properties", out var properties) && instance.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (instance.TryGetProperty(property.Name, out var value))
                {
                    missing.AddRange(PropertiesNotSent(property.Value, value, $"{path}.{property.Name}"));
                }
                else
                {
                    missing.Add($"{path}.{property.Name}");
                }
            }
        }

        if (schema.TryGetProperty("items", out var items) && instance.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in instance.EnumerateArray())
            {
                missing.AddRange(PropertiesNotSent(items, item, $"{path}[{index++}]"));
            }
        }

        return missing;
    }
}
