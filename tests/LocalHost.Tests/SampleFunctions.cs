using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.LocalHost.Tests;

// Function classes shaped like the app's (docs/architecture.md): instance methods on DI-resolved classes,
// only the trigger value, route values and a CancellationToken as parameters.

public sealed class SampleHttpFunctions(InvocationRecorder recorder)
{
    [Function("SampleGetItem")]
    public IActionResult GetItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{category}/{itemId}")] HttpRequest request,
        string category,
        string itemId) =>
        new OkObjectResult(new { category, itemId, query = request.Query["q"].ToString() });

    [Function("SampleCreateItem")]
    public async Task<IActionResult> CreateItemAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "items")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        recorder.Record("SampleCreateItem", body);
        return new ObjectResult(new { received = body }) { StatusCode = StatusCodes.Status202Accepted };
    }

    [Function("SamplePurge")]
    public IActionResult Purge([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "operations/purge")] HttpRequest request) =>
        new NoContentResult();

    [Function("SampleDefaultRoute")]
    public IActionResult DefaultRoute([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) =>
        new ContentResult { Content = "default route", ContentType = "text/plain", StatusCode = StatusCodes.Status200OK };

    [Function("SampleFailing")]
    public Task<IActionResult> FailingAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "failing")] HttpRequest request) =>
        throw new InvalidOperationException("The sample function fails.");
}

/// <summary>Records every message; a message starting with "fail" fails every attempt.</summary>
public sealed class SampleQueueFunctions(InvocationRecorder recorder)
{
    [Function("SampleRecordMessage")]
    public Task RecordAsync([QueueTrigger("%SampleQueue%")] QueueMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var text = message.Body.ToString();
        recorder.Record("SampleRecordMessage", (text, message.DequeueCount));
        return text.StartsWith("fail", StringComparison.Ordinal)
            ? throw new InvalidOperationException("The sample function fails on this message.")
            : Task.CompletedTask;
    }
}

/// <summary>Holds every message until the test opens the gate, to observe how many run at once.</summary>
public sealed class SampleGatedQueueFunctions(InvocationRecorder recorder)
{
    [Function("SampleGatedMessage")]
    public async Task RunAsync([QueueTrigger("%SampleQueue%")] string message)
    {
        using (recorder.Enter())
        {
            recorder.Record("SampleGatedMessage", message);
            await recorder.Gate.Task;
        }
    }
}

public sealed class SampleTimerFunctions(InvocationRecorder recorder)
{
    [Function("SampleEverySecond")]
    public void Run([TimerTrigger("%SampleSchedule%")] TimerInfo timer) => recorder.Record("SampleEverySecond", timer);
}

public sealed class SampleStartupTimerFunctions(InvocationRecorder recorder)
{
    [Function("SampleYearlyOnStartup")]
    public void OnStartup([TimerTrigger("0 0 0 1 1 *", RunOnStartup = true)] TimerInfo timer) => recorder.Record("SampleYearlyOnStartup", timer);

    [Function("SampleYearly")]
    public void Yearly([TimerTrigger("0 0 0 1 1 *")] TimerInfo timer) => recorder.Record("SampleYearly", timer);
}

/// <summary>Runs longer than its one-second period, to show that runs of one timer never overlap.</summary>
public sealed class SampleSlowTimerFunctions(InvocationRecorder recorder)
{
    [Function("SampleSlowTimer")]
    public async Task RunAsync([TimerTrigger("* * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        using (recorder.Enter())
        {
            recorder.Record("SampleSlowTimer", timer);
            await Task.Delay(TimeSpan.FromMilliseconds(1500), cancellationToken);
        }
    }
}
