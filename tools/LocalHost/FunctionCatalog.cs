using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.LocalHost;

/// <summary>
/// Finds the <c>[Function]</c> methods of the given types and checks, once at start-up, that each one
/// has a shape the local host can call: exactly one HTTP, queue or timer trigger parameter, route values
/// as strings, an optional <see cref="CancellationToken"/>, and nothing else.
/// </summary>
public static class FunctionCatalog
{
    /// <summary>The non-abstract classes of <paramref name="assembly"/> that declare at least one function.</summary>
    public static IEnumerable<Type> FunctionClassesIn(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetTypes().Where(type => type is { IsClass: true, IsAbstract: false } && FunctionMethodsOf(type).Any());
    }

    public static IReadOnlyList<FunctionDefinition> Discover(IEnumerable<Type> functionClasses)
    {
        ArgumentNullException.ThrowIfNull(functionClasses);
        var functions = functionClasses.Distinct()
            .SelectMany(type => FunctionMethodsOf(type).Select(method => Describe(type, method)))
            .OrderBy(function => function.Name, StringComparer.Ordinal)
            .ToList();

        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Function name '{duplicate.Key}' is declared by more than one method: {string.Join(", ", duplicate.Select(f => f.DisplayMethod))}.");
        }

        return functions;
    }

    private static IEnumerable<MethodInfo> FunctionMethodsOf(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(method => method.GetCustomAttribute<FunctionAttribute>() is not null);

    private static FunctionDefinition Describe(Type type, MethodInfo method)
    {
        var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
        var where = $"{type.FullName}.{method.Name}";
        FunctionTrigger? trigger = null;
        var parameters = new List<ParameterSource>();

        foreach (var parameter in method.GetParameters())
        {
            var triggerHere = TriggerOf(parameter, where);
            if (triggerHere is not null)
            {
                if (trigger is not null)
                {
                    throw Unsupported(where, parameter, "a function has exactly one trigger");
                }

                trigger = triggerHere;
                parameters.Add(ParameterSource.Trigger);
            }
            else if (parameter.ParameterType == typeof(CancellationToken))
            {
                parameters.Add(ParameterSource.CancellationToken);
            }
            else if (parameter.GetCustomAttributes().Any(a => a.GetType().Namespace?.StartsWith("Microsoft.Azure.Functions.Worker", StringComparison.Ordinal) == true))
            {
                throw Unsupported(where, parameter, "input and output bindings are not supported by the local host; the app's conventions take only the trigger value");
            }
            else if (parameter.ParameterType == typeof(string))
            {
                parameters.Add(ParameterSource.RouteValue);
            }
            else
            {
                throw Unsupported(where, parameter, "only the trigger value, route values as string and a CancellationToken can be bound (no FunctionContext)");
            }
        }

        if (trigger is null)
        {
            throw new InvalidOperationException($"Function '{name}' ({where}) has no HttpTrigger, QueueTrigger or TimerTrigger parameter.");
        }

        if (trigger is not HttpFunctionTrigger && parameters.Contains(ParameterSource.RouteValue))
        {
            throw new InvalidOperationException($"Function '{name}' ({where}): string parameters other than the trigger are route values, which only HTTP functions have.");
        }

        var resultType = FunctionInvoker.ResultTypeOf(method.ReturnType);
        if (trigger is HttpFunctionTrigger && (resultType is null || !typeof(IActionResult).IsAssignableFrom(resultType)))
        {
            throw new InvalidOperationException($"HTTP function '{name}' ({where}) must return IActionResult or Task<IActionResult>; it returns {method.ReturnType.Name}.");
        }

        if (trigger is not HttpFunctionTrigger && resultType is not null)
        {
            throw new InvalidOperationException($"Function '{name}' ({where}) returns a value, which would be an output binding; the local host supports none, return Task or void.");
        }

        return new FunctionDefinition(name, type, method, trigger, parameters);
    }

    private static FunctionTrigger? TriggerOf(ParameterInfo parameter, string where)
    {
        if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } http)
        {
            if (parameter.ParameterType != typeof(Microsoft.AspNetCore.Http.HttpRequest))
            {
                throw Unsupported(where, parameter, "an HttpTrigger parameter must be Microsoft.AspNetCore.Http.HttpRequest (ASP.NET Core integration)");
            }

            var methods = http.Methods is { Length: > 0 } ? http.Methods.Select(m => m.ToUpperInvariant()).ToArray() : null;
            return new HttpFunctionTrigger(http.AuthLevel, methods, http.Route);
        }

        if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queue)
        {
            if (!QueueFunctionTrigger.SupportedMessageTypes.Contains(parameter.ParameterType))
            {
                throw Unsupported(where, parameter, "a QueueTrigger parameter must be string, BinaryData, byte[] or QueueMessage");
            }

            return new QueueFunctionTrigger(queue.QueueName, queue.Connection ?? "AzureWebJobsStorage", parameter.ParameterType);
        }

        if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
        {
            if (parameter.ParameterType != typeof(TimerInfo))
            {
                throw Unsupported(where, parameter, "a TimerTrigger parameter must be TimerInfo");
            }

            return new TimerFunctionTrigger(timer.Schedule, timer.RunOnStartup);
        }

        return null;
    }

    private static InvalidOperationException Unsupported(string where, ParameterInfo parameter, string reason) =>
        new($"Parameter '{parameter.Name}' of {where}: {reason}.");
}

/// <summary>One discovered function: its name, the method to call and how each parameter is bound.</summary>
public sealed record FunctionDefinition(
    string Name,
    Type FunctionClass,
    MethodInfo Method,
    FunctionTrigger Trigger,
    IReadOnlyList<ParameterSource> Parameters)
{
    internal string DisplayMethod => $"{FunctionClass.FullName}.{Method.Name}";
}

public enum ParameterSource
{
    Trigger,
    RouteValue,
    CancellationToken,
}

public abstract record FunctionTrigger;

/// <param name="Methods">Upper-case HTTP methods, or null for every method.</param>
/// <param name="Route">The declared route template; null means the function's name.</param>
public sealed record HttpFunctionTrigger(AuthorizationLevel AuthorizationLevel, IReadOnlyList<string>? Methods, string? Route) : FunctionTrigger;

/// <param name="QueueName">As declared; may be a %Setting% binding expression.</param>
/// <param name="Connection">The name of the setting holding the storage connection.</param>
public sealed record QueueFunctionTrigger(string QueueName, string Connection, Type MessageType) : FunctionTrigger
{
    internal static readonly IReadOnlySet<Type> SupportedMessageTypes = new HashSet<Type>
    {
        typeof(string), typeof(BinaryData), typeof(byte[]), typeof(Azure.Storage.Queues.Models.QueueMessage),
    };
}

/// <param name="Schedule">As declared: a six-field NCRONTAB expression or a %Setting% binding expression.</param>
public sealed record TimerFunctionTrigger(string Schedule, bool RunOnStartup) : FunctionTrigger;
