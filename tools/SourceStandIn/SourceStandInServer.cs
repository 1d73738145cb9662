using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalFunctions.Core.Ingest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.SourceStandIn;

/// <summary>
/// The stand-in listening on 127.0.0.1: <c>POST /instances</c> (keep and forward to the app), <c>GET /instances[/{id}]</c>,
/// <c>POST /actions</c> (relayed actions), <c>GET /deliveries</c>, <c>GET|PUT /behaviour</c>. Dispose it to stop.
/// </summary>
public sealed class SourceStandInServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SourceStandInServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>Where the app relays actions: the app's <c>Callback__SourceUrl</c>.</summary>
    public Uri ActionsUrl => new(BaseUrl, "actions");

    public SourceStandInOptions Options => _app.Services.GetRequiredService<SourceStandInOptions>();

    public SourceModel Model => _app.Services.GetRequiredService<SourceModel>();

    public DeliveryLog Deliveries => _app.Services.GetRequiredService<DeliveryLog>();

    public StandInBehaviour Behaviour => _app.Services.GetRequiredService<StandInBehaviour>();

    /// <summary>Starts the stand-in on 127.0.0.1; port 0 picks a free one.</summary>
    public static async Task<SourceStandInServer> StartAsync(SourceStandInOptions options, int port = 0, Action<ILoggingBuilder>? logging = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(timeProvider ?? TimeProvider.System);
        builder.Services.AddSingleton(sp => new WebhookSignatureVerifier(
            Microsoft.Extensions.Options.Options.Create(new IngestOptions { WebhookSecrets = options.Secret }), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<SourceModel>();
        builder.Services.AddSingleton<DeliveryLog>();
        builder.Services.AddSingleton<StandInBehaviour>();
        builder.Services.AddSingleton<ActionsEndpoint>();
        builder.Services.AddHttpClient<AppClient>(http => http.Timeout = TimeSpan.FromSeconds(10));
        var app = builder.Build();
        Map(app);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SourceStandInServer(app, new Uri($"http://127.0.0.1:{new Uri(address).Port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void Map(WebApplication app)
    {
        var model = app.Services.GetRequiredService<SourceModel>();
        var behaviour = app.Services.GetRequiredService<StandInBehaviour>();
        var deliveries = app.Services.GetRequiredService<DeliveryLog>();

        app.MapPost("/instances", async (HttpContext context, AppClient client) =>
        {
            if (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) is not JsonObject instance
                || instance["instance_id"] is not JsonValue)
            {
                return Results.Json(new JsonObject { ["error"] = "the body must be Feishu's sync body (a JSON object with instance_id)" }, statusCode: 400);
            }

            var (status, body) = await client.SendInstanceAsync(instance, context.RequestAborted);
            if (status is >= 200 and < 300)
            {
                model.Save(instance);
            }

            return Results.Text(body, "application/json; charset=utf-8", statusCode: status);
        });
        app.MapGet("/instances", () => Results.Json(new JsonArray([.. model.Instances])));
        app.MapGet("/instances/{id}", (string id) => model.Find(id) is { } instance
            ? Results.Json(instance)
            : Results.Json(new JsonObject { ["error"] = $"the stand-in has no instance {id}" }, statusCode: 404));
        app.MapPost("/actions", (HttpContext context, ActionsEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapGet("/deliveries", () =>
            Results.Json<IReadOnlyList<DeliveryView>>([.. deliveries.All.Select(DeliveryView.Of)], StandInJsonContext.Default.IReadOnlyListDeliveryView));
        app.MapGet("/behaviour", () => Results.Json(behaviour.Current, StandInJsonContext.Default.BehaviourSettings));
        app.MapPut("/behaviour", async (HttpContext context) =>
        {
            try
            {
                behaviour.Current = await JsonSerializer.DeserializeAsync(context.Request.Body, StandInJsonContext.Default.BehaviourSettings, context.RequestAborted)
                    ?? new BehaviourSettings();
            }
            catch (JsonException error)
            {
                return Results.Json(new JsonObject { ["error"] = $"the body is not a behaviour object: {error.Message}" }, statusCode: 400);
            }

            return Results.Json(behaviour.Current, StandInJsonContext.Default.BehaviourSettings);
        });
    }
}
