using System.Net;
using System.Reflection;
using ApprovalFunctions.Core.DependencyInjection;
using ApprovalFunctions.FunctionApp.Http;
using ApprovalFunctions.FunctionApp.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.LocalHost;

/// <summary>
/// The Functions app's function classes in one process: HTTP functions on Kestrel (loopback), queue and
/// timer functions as hosted services, all composed with the app's own <c>AddApprovalFunctions</c>.
/// <c>GET /health</c> and the host's <c>GET /admin/host/ping</c> answer 200 once everything has started;
/// <c>GET /local/counters</c> answers the totals of the app's counters (<see cref="LocalCounters"/>).
/// </summary>
public sealed partial class LocalFunctionsHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private LocalFunctionsHost(WebApplication app, IReadOnlyList<FunctionDefinition> functions, Uri baseAddress)
    {
        this.app = app;
        Functions = functions;
        BaseAddress = baseAddress;
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseAddress { get; }

    public IReadOnlyList<FunctionDefinition> Functions { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>Starts a host on a free port (by default) with the given settings over host.json's defaults.</summary>
    public static Task<LocalFunctionsHost> StartAsync(
        IReadOnlyDictionary<string, string?> settings,
        IEnumerable<Assembly> functionAssemblies,
        int port = 0,
        CancellationToken cancellationToken = default) =>
        StartAsync(new LocalFunctionsHostOptions { Settings = settings, FunctionAssemblies = [.. functionAssemblies], Port = port }, cancellationToken);

    public static async Task<LocalFunctionsHost> StartAsync(LocalFunctionsHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var functions = FunctionCatalog.Discover(options.FunctionAssemblies.SelectMany(FunctionCatalog.FunctionClassesIn).Concat(options.FunctionClasses));

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LocalFunctionsHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT") ?? Environments.Development,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddLocalFunctionsSettings(options);
        var hostJson = HostJsonSettings.From(builder.Configuration);
        var hostOptions = builder.Configuration.GetSection(LocalHostOptions.SectionName).Get<LocalHostOptions>() ?? new LocalHostOptions();
        var port = options.Port ?? hostOptions.Port;

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // The Azure SDK logs every storage request at Information: more output than the work it describes.
        builder.Logging.AddFilter("Azure.Core", LogLevel.Warning);

        var services = builder.Services;
        services.AddApprovalFunctions(builder.Configuration);

        // The Functions app's own telemetry composition: with APPLICATIONINSIGHTS_CONNECTION_STRING set, a local run exports too.
        services.AddAppTelemetry(builder.Configuration);
        services.AddHttpFunctions();
        services.AddMvcCore();
        services.AddOptions<LocalHostOptions>().BindConfiguration(LocalHostOptions.SectionName);
        services.AddSingleton<KeyAuthorization>();
        services.AddSingleton(hostJson);
        services.AddSingleton<LocalCounters>();
        services.TryAddSingleton(TimeProvider.System);
        foreach (var functionClass in functions.Select(f => f.FunctionClass).Distinct())
        {
            services.TryAddScoped(functionClass);
        }

        foreach (var function in functions)
        {
            switch (function.Trigger)
            {
                case QueueFunctionTrigger:
                    services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<QueueTriggerListener>(provider, function));
                    break;
                case TimerFunctionTrigger:
                    services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<TimerTriggerScheduler>(provider, function));
                    break;
            }
        }

        options.ConfigureServices?.Invoke(services);

        var app = builder.Build();

        // Listening from before the first function runs, so the totals cover everything the host did.
        var counters = app.Services.GetRequiredService<LocalCounters>();
        app.MapGet("/health", () => Results.Ok(new { status = "healthy" }));
        app.MapGet("/admin/host/ping", () => Results.Ok());
        app.MapGet("/local/counters", () => Results.Json(counters.Snapshot(), LocalHostJsonContext.Default.SortedDictionaryStringDouble));
        app.MapHttpFunctions(functions, hostJson.RoutePrefix);

        try
        {
            // Settings first, as the Functions app's Program does: a bad setting fails here, before the host logs a start-up failure.
            app.Services.GetService<IStartupValidator>()?.Validate();
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        var host = new LocalFunctionsHost(app, functions, baseAddress);
        host.LogFunctions(hostJson);
        return host;
    }

    /// <summary>Completes when the host stops (Ctrl-C or SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private void LogFunctions(HostJsonSettings hostJson)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Host.Startup");
        var hostedServices = app.Services.GetServices<IHostedService>().ToList();
        LogListening(logger, BaseAddress, Functions.Count);
        if (Functions.Count == 0)
        {
            LogNoFunctions(logger);
        }

        foreach (var function in Functions)
        {
            switch (function.Trigger)
            {
                case HttpFunctionTrigger http:
                    var methods = http.Methods is null ? "*" : string.Join(",", http.Methods);
                    var url = new Uri(BaseAddress, HttpTriggerEndpoints.RouteOf(function, http, hostJson.RoutePrefix).TrimStart('/'));
                    LogHttpFunction(logger, function.Name, methods, url, http.AuthorizationLevel);
                    break;
                case QueueFunctionTrigger:
                    var queue = hostedServices.OfType<QueueTriggerListener>().Single(l => ReferenceEquals(l.Function, function));
                    LogQueueFunction(logger, function.Name, queue.QueueName, hostJson.Queues.MessageEncoding);
                    break;
                case TimerFunctionTrigger:
                    var timer = hostedServices.OfType<TimerTriggerScheduler>().Single(s => ReferenceEquals(s.Function, function));
                    LogTimerFunction(logger, function.Name, timer.Expression);
                    break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local Functions host listening on {BaseAddress} with {FunctionCount} functions:")]
    private static partial void LogListening(ILogger logger, Uri baseAddress, int functionCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No [Function] methods were found: only /health answers")]
    private static partial void LogNoFunctions(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "  {FunctionName}: httpTrigger [{Methods}] {Url} (authorization {AuthorizationLevel})")]
    private static partial void LogHttpFunction(ILogger logger, string functionName, string methods, Uri url, Microsoft.Azure.Functions.Worker.AuthorizationLevel authorizationLevel);

    [LoggerMessage(Level = LogLevel.Information, Message = "  {FunctionName}: queueTrigger {QueueName} (messageEncoding {MessageEncoding})")]
    private static partial void LogQueueFunction(ILogger logger, string functionName, string queueName, string messageEncoding);

    [LoggerMessage(Level = LogLevel.Information, Message = "  {FunctionName}: timerTrigger {Schedule} (UTC)")]
    private static partial void LogTimerFunction(ILogger logger, string functionName, string schedule);
}
