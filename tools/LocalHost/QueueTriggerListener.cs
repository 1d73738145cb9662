using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ApprovalFunctions.LocalHost;

/// <summary>
/// Runs one queue-triggered function with the Functions host's semantics (queue extension v5):
/// batches of <c>batchSize</c>, a new batch once at most <c>newBatchThreshold</c> are still running,
/// exponential back-off up to <c>maxPollingInterval</c> while the queue is empty, a failed message visible
/// again after <c>visibilityTimeout</c>, and after <c>maxDequeueCount</c> failed attempts (or a message
/// that is not valid Base64 when the encoding is base64) the message copied unchanged to
/// <c>&lt;queue&gt;-poison</c> and deleted.
/// </summary>
public sealed partial class QueueTriggerListener : BackgroundService
{
    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly FunctionDefinition function;
    private readonly QueueFunctionTrigger trigger;
    private readonly QueueHostSettings settings;
    private readonly TimeSpan messageLease;
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SemaphoreSlim completed = new(0);
    private readonly Dictionary<long, Task> running = [];
    private long nextInvocation;

    public QueueTriggerListener(
        FunctionDefinition function,
        HostJsonSettings hostJson,
        IConfiguration configuration,
        IServiceScopeFactory scopes,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(hostJson);
        ArgumentNullException.ThrowIfNull(loggers);
        this.function = function;
        trigger = (QueueFunctionTrigger)function.Trigger;
        settings = hostJson.Queues;
        messageLease = hostJson.FunctionTimeout + TimeSpan.FromMinutes(1);
        this.scopes = scopes;
        this.time = time;
        logger = loggers.CreateLogger("Host.Triggers.Queue");

        QueueName = LocalSettings.ResolveBindingExpression(trigger.QueueName, configuration);
        var connectionString = ConnectionStringOf(trigger.Connection, configuration);
        // Raw clients: the listener decodes Base64 itself so that a poison message is copied byte for byte.
        Queue = new QueueClient(connectionString, QueueName);
        PoisonQueue = new QueueClient(connectionString, QueueName + "-poison");
    }

    public string QueueName { get; }

    internal FunctionDefinition Function => function;

    internal QueueClient Queue { get; }

    internal QueueClient PoisonQueue { get; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Like the host, a missing queue is created rather than failing the listener.
        await Queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await PoisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        completed.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var threshold = settings.EffectiveNewBatchThreshold;
        var pollingInterval = MinimumPollingInterval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                while (RunningCount > threshold)
                {
                    await completed.WaitAsync(stoppingToken);
                }

                QueueMessage[] batch;
                try
                {
                    batch = (await Queue.ReceiveMessagesAsync(settings.BatchSize, messageLease, stoppingToken)).Value;
                }
                catch (Azure.RequestFailedException exception)
                {
                    LogReceiveFailed(logger, exception, QueueName);
                    batch = [];
                }

                if (batch.Length == 0)
                {
                    await Task.Delay(pollingInterval, time, stoppingToken);
                    pollingInterval = TimeSpan.FromTicks(Math.Min(pollingInterval.Ticks * 2, settings.MaxPollingInterval.Ticks));
                    continue;
                }

                pollingInterval = MinimumPollingInterval;
                foreach (var message in batch)
                {
                    Track(ProcessAsync(message, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: fall through and let the running invocations finish.
        }

        Task[] remaining;
        lock (running)
        {
            remaining = [.. running.Values];
        }

        await Task.WhenAll(remaining);
    }

    private int RunningCount
    {
        get
        {
            lock (running)
            {
                return running.Count;
            }
        }
    }

    private void Track(Task invocation)
    {
        var id = Interlocked.Increment(ref nextInvocation);
        lock (running)
        {
            running[id] = invocation;
        }

        invocation.ContinueWith(
            _ =>
            {
                lock (running)
                {
                    running.Remove(id);
                }

                completed.Release();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        // Storage calls that settle a message run even while stopping, or a finished message would be redelivered.
        using var settleTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), time);
        try
        {
            // The host does not run a message already past its attempts (e.g. after a crash mid-run).
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, settleTimeout.Token);
                return;
            }

            if (!TryDecode(message, out var body))
            {
                LogUndecodable(logger, QueueName, message.MessageId);
                await MoveToPoisonAsync(message, settleTimeout.Token);
                return;
            }

            if (await InvokeAsync(message, body, stoppingToken))
            {
                await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, settleTimeout.Token);
            }
            else if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, settleTimeout.Token);
            }
            else
            {
                await Queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: settleTimeout.Token);
            }
        }
#pragma warning disable CA1031 // A storage failure settling one message must not stop the listener; the message reappears after its lease.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogSettleFailed(logger, exception, QueueName, message.MessageId);
        }
    }

    private async Task<bool> InvokeAsync(QueueMessage message, BinaryData body, CancellationToken stoppingToken)
    {
        using var invocation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        invocation.CancelAfter(messageLease - TimeSpan.FromMinutes(1));
        var parameters = function.Parameters;
        var arguments = new object?[parameters.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = parameters[i] == ParameterSource.CancellationToken ? invocation.Token : TriggerValue(message, body);
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, arguments);
            return true;
        }
#pragma warning disable CA1031 // Any exception is a failed attempt: the host retries the message, then poisons it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogAttemptFailed(logger, exception, function.Name, message.MessageId, message.DequeueCount, settings.MaxDequeueCount);
            return false;
        }
    }

    private object TriggerValue(QueueMessage message, BinaryData body)
    {
        if (trigger.MessageType == typeof(string))
        {
            return body.ToString();
        }

        if (trigger.MessageType == typeof(byte[]))
        {
            return body.ToArray();
        }

        if (trigger.MessageType == typeof(BinaryData))
        {
            return body;
        }

        return QueuesModelFactory.QueueMessage(message.MessageId, message.PopReceipt, body, message.DequeueCount, message.NextVisibleOn, message.InsertedOn, message.ExpiresOn);
    }

    private bool TryDecode(QueueMessage message, out BinaryData body)
    {
        if (!settings.IsBase64)
        {
            body = message.Body;
            return true;
        }

        var text = message.Body.ToString();
        var buffer = new byte[text.Length * 3 / 4 + 3];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            body = new BinaryData(buffer.AsMemory(0, written));
            return true;
        }

        body = message.Body;
        return false;
    }

    private async Task MoveToPoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        await PoisonQueue.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        LogMovedToPoison(logger, message.MessageId, QueueName, PoisonQueue.Name, message.DequeueCount);
    }

    private static string ConnectionStringOf(string connection, IConfiguration configuration)
    {
        var value = configuration[connection] ?? configuration["AzureWebJobs" + connection];
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        throw new InvalidOperationException(
            $"The queue connection setting '{connection}' is not set. The local host takes a storage connection string " +
            "(e.g. AzureWebJobsStorage=UseDevelopmentStorage=true for Azurite).");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed on message {MessageId} (attempt {DequeueCount} of {MaxDequeueCount})")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, string functionName, string messageId, long dequeueCount, int maxDequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} moved from {QueueName} to {PoisonQueueName} after {DequeueCount} attempts")]
    private static partial void LogMovedToPoison(ILogger logger, string messageId, string queueName, string poisonQueueName, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} of {QueueName} is not valid Base64 (host.json messageEncoding is base64)")]
    private static partial void LogUndecodable(ILogger logger, string queueName, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from {QueueName} failed; polling again after back-off")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string queueName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Settling message {MessageId} of {QueueName} failed; it becomes visible again when its lease ends")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string queueName, string messageId);
}
