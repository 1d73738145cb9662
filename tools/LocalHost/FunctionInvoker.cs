using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalFunctions.LocalHost;

/// <summary>Calls a function method on its class resolved from a DI scope and awaits whatever it returns.</summary>
internal static class FunctionInvoker
{
    public static async Task<object?> InvokeAsync(FunctionDefinition function, IServiceProvider scopedServices, object?[] arguments)
    {
        var instance = function.Method.IsStatic ? null : scopedServices.GetRequiredService(function.FunctionClass);
        var returned = function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        switch (returned)
        {
            case Task task:
                await task;
                return ResultTypeOf(function.Method.ReturnType) is null ? null : task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
            case ValueTask valueTask:
                await valueTask;
                return null;
            case not null when IsGenericValueTask(returned.GetType()):
                var asTask = (Task)returned.GetType().GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(returned, null)!;
                await asTask;
                return asTask.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(asTask);
            default:
                return returned;
        }
    }

    /// <summary>The type of the value a method produces once awaited, or null when it produces none.</summary>
    public static Type? ResultTypeOf(Type returnType)
    {
        if (returnType == typeof(void) || returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return null;
        }

        if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || IsGenericValueTask(returnType)))
        {
            return returnType.GetGenericArguments()[0];
        }

        return returnType;
    }

    private static bool IsGenericValueTask(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>);
}
