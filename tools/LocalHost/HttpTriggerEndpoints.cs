using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ApprovalFunctions.LocalHost;

/// <summary>
/// Maps every HTTP function to its route under the host's route prefix, with its methods and
/// authorization level, and executes the <see cref="IActionResult"/> it returns with MVC's executors,
/// as the ASP.NET Core integration of the isolated worker does.
/// </summary>
public static class HttpTriggerEndpoints
{
    public static string RouteOf(FunctionDefinition function, HttpFunctionTrigger trigger, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(trigger);
        var route = (trigger.Route ?? function.Name).Trim('/');
        return string.IsNullOrEmpty(routePrefix) ? "/" + route : $"/{routePrefix}/{route}";
    }

    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints, IEnumerable<FunctionDefinition> functions, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(functions);
        foreach (var function in functions)
        {
            if (function.Trigger is not HttpFunctionTrigger trigger)
            {
                continue;
            }

            var pattern = RouteOf(function, trigger, routePrefix);
            RequestDelegate handler = context => HandleAsync(function, trigger, context);
            var endpoint = trigger.Methods is null ? endpoints.Map(pattern, handler) : endpoints.MapMethods(pattern, trigger.Methods, handler);
            endpoint.WithDisplayName(function.Name);
        }
    }

    private static async Task HandleAsync(FunctionDefinition function, HttpFunctionTrigger trigger, HttpContext context)
    {
        var services = context.RequestServices;
        if (!services.GetRequiredService<KeyAuthorization>().IsAuthorized(context.Request, trigger.AuthorizationLevel))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Function." + function.Name);
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var method = function.Method.GetParameters();
        var arguments = new object?[method.Length];
        for (var i = 0; i < method.Length; i++)
        {
            arguments[i] = function.Parameters[i] switch
            {
                ParameterSource.Trigger => context.Request,
                ParameterSource.CancellationToken => cancellation.Token,
                _ => context.GetRouteValue(method[i].Name!)?.ToString(),
            };
        }

        IActionResult? result;
        try
        {
            result = (IActionResult?)await FunctionInvoker.InvokeAsync(function, services, arguments);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            logger.LogInformation("Function {FunctionName} was cancelled: the caller went away or the host is stopping", function.Name);
            context.Abort();
            return;
        }
#pragma warning disable CA1031 // The host answers 500 for any exception a function lets escape; so does the local host.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogError(exception, "Function {FunctionName} failed", function.Name);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }

            return;
        }

        if (result is null)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}
