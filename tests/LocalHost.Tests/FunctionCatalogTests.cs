using ApprovalFunctions.LocalHost;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.LocalHost.Tests;

public sealed class FunctionCatalogTests
{
    [Fact]
    public void Discovers_each_trigger_with_its_declaration()
    {
        var functions = FunctionCatalog.Discover([typeof(SampleHttpFunctions), typeof(SampleQueueFunctions), typeof(SampleStartupTimerFunctions)])
            .ToDictionary(f => f.Name);

        var getItem = Assert.IsType<HttpFunctionTrigger>(functions["SampleGetItem"].Trigger);
        Assert.Equal(AuthorizationLevel.Anonymous, getItem.AuthorizationLevel);
        Assert.Equal(["GET"], getItem.Methods);
        Assert.Equal("items/{category}/{itemId}", getItem.Route);
        Assert.Equal([ParameterSource.Trigger, ParameterSource.RouteValue, ParameterSource.RouteValue], functions["SampleGetItem"].Parameters);

        var queue = Assert.IsType<QueueFunctionTrigger>(functions["SampleRecordMessage"].Trigger);
        Assert.Equal("%SampleQueue%", queue.QueueName);
        Assert.Equal("AzureWebJobsStorage", queue.Connection);

        var timer = Assert.IsType<TimerFunctionTrigger>(functions["SampleYearlyOnStartup"].Trigger);
        Assert.True(timer.RunOnStartup);
        Assert.False(Assert.IsType<TimerFunctionTrigger>(functions["SampleYearly"].Trigger).RunOnStartup);
    }

    [Fact]
    public void Finds_the_function_classes_of_an_assembly()
    {
        var classes = FunctionCatalog.FunctionClassesIn(typeof(SampleHttpFunctions).Assembly).ToList();

        Assert.Contains(typeof(SampleHttpFunctions), classes);
        Assert.Contains(typeof(SampleTimerFunctions), classes);
        Assert.DoesNotContain(typeof(InvocationRecorder), classes);
    }

    [Theory]
    [InlineData(typeof(WithFunctionContext), "Parameter 'context'")]
    [InlineData(typeof(WithTwoTriggers), "exactly one trigger")]
    [InlineData(typeof(WithoutTrigger), "has no HttpTrigger, QueueTrigger or TimerTrigger parameter")]
    [InlineData(typeof(HttpReturningString), "must return IActionResult")]
    [InlineData(typeof(QueueReturningValue), "output binding")]
    [InlineData(typeof(DuplicateNames), "'Twice' is declared by more than one method")]
    public void Rejects_shapes_the_host_cannot_call_with_a_message_naming_the_problem(Type functionClass, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.Discover([functionClass]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    internal sealed class WithFunctionContext
    {
        [Function("WithContext")]
        public void Run([QueueTrigger("q")] string message, FunctionContext context) => _ = (message, context);
    }

    internal sealed class WithTwoTriggers
    {
        [Function("TwoTriggers")]
        public void Run([QueueTrigger("q")] string message, [TimerTrigger("* * * * * *")] TimerInfo timer) => _ = (message, timer);
    }

    internal sealed class WithoutTrigger
    {
        [Function("NoTrigger")]
        public void Run(CancellationToken cancellationToken) => _ = cancellationToken;
    }

    internal sealed class HttpReturningString
    {
        [Function("ReturnsString")]
        public string Run([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => request.Path;
    }

    internal sealed class QueueReturningValue
    {
        [Function("ReturnsValue")]
        public Task<string> Run([QueueTrigger("q")] string message) => Task.FromResult(message);
    }

    internal sealed class DuplicateNames
    {
        [Function("Twice")]
        public IActionResult First([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => new OkResult();

        [Function("Twice")]
        public IActionResult Second([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequest request) => new OkResult();
    }
}
