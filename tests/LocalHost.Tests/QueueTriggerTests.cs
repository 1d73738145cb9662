using Azure.Storage.Queues;

namespace ApprovalFunctions.LocalHost.Tests;

public sealed class QueueTriggerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly InvocationRecorder recorder = new();
    private readonly string queueName = SampleHost.UniqueQueueName("sample");

    [Fact]
    public async Task Base64_messages_reach_the_function_decoded_and_are_deleted_after_success()
    {
        await using var host = await StartAsync(typeof(SampleQueueFunctions));
        var queue = Queue(QueueMessageEncoding.Base64);

        await queue.SendMessageAsync("{\"instance_id\":\"审批-1\",\"version\":3}");

        var invocation = await recorder.NextAsync();
        Assert.Equal(("{\"instance_id\":\"审批-1\",\"version\":3}", 1L), invocation.Value);
        await WaitUntilEmptyAsync(queue);
    }

    [Fact]
    public async Task With_encoding_none_messages_reach_the_function_as_sent()
    {
        await using var host = await StartAsync(typeof(SampleQueueFunctions), new() { ["AzureFunctionsJobHost__extensions__queues__messageEncoding"] = "none" });
        var queue = Queue(QueueMessageEncoding.None);

        // Valid Base64 on purpose: with "none" it must not be decoded.
        await queue.SendMessageAsync("aGVsbG8=");

        var invocation = await recorder.NextAsync();
        Assert.Equal(("aGVsbG8=", 1L), invocation.Value);
    }

    [Fact]
    public async Task A_message_that_is_not_base64_goes_to_poison_without_running_the_function()
    {
        await using var host = await StartAsync(typeof(SampleQueueFunctions));

        await Queue(QueueMessageEncoding.None).SendMessageAsync("not base64 at all!");

        var poisoned = await ReceivePoisonAsync(QueueMessageEncoding.None);
        Assert.Equal("not base64 at all!", poisoned);
        Assert.False(recorder.TryTake(out _));
    }

    [Fact]
    public async Task A_failing_message_is_retried_after_the_visibility_timeout_then_moved_intact_to_poison()
    {
        await using var host = await StartAsync(typeof(SampleQueueFunctions), new()
        {
            ["AzureFunctionsJobHost__extensions__queues__maxDequeueCount"] = "3",
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:01",
        });
        var queue = Queue(QueueMessageEncoding.Base64);
        const string content = "fail: {\"instance_id\":\"i-1\",\"version\":1}";

        await queue.SendMessageAsync(content);

        var attempts = await recorder.NextAsync(3);
        Assert.Equal([(content, 1L), (content, 2L), (content, 3L)], attempts.Select(a => a.Value));
        for (var i = 1; i < attempts.Count; i++)
        {
            // Azure Storage counts visibility in whole seconds; allow for clock granularity between processes.
            Assert.True(attempts[i].At - attempts[i - 1].At >= TimeSpan.FromMilliseconds(900), $"attempt {i + 1} came {attempts[i].At - attempts[i - 1].At} after the previous one");
        }

        Assert.Equal(content, await ReceivePoisonAsync(QueueMessageEncoding.Base64));
        await WaitUntilEmptyAsync(queue);
        Assert.False(recorder.TryTake(out _), "a poisoned message must not run again");
    }

    [Fact]
    public async Task Messages_are_processed_in_batches_of_batch_size_and_a_new_batch_waits_for_the_threshold()
    {
        // All eight are queued before the host starts, so that its first receive can take a full batch.
        var queue = Queue(QueueMessageEncoding.Base64);
        await queue.CreateIfNotExistsAsync();
        for (var i = 0; i < 8; i++)
        {
            await queue.SendMessageAsync($"message {i}");
        }

        await using var host = await StartAsync(typeof(SampleGatedQueueFunctions), new()
        {
            ["AzureFunctionsJobHost__extensions__queues__batchSize"] = "4",
            ["AzureFunctionsJobHost__extensions__queues__newBatchThreshold"] = "0",
        });

        var firstBatch = await recorder.NextAsync(4);
        // A fifth message may only start once the whole first batch has finished; give the listener time to (wrongly) fetch more.
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        Assert.False(recorder.TryTake(out _), "a new batch was fetched while the first was still running");
        recorder.Gate.SetResult();
        var secondBatch = await recorder.NextAsync(4);

        Assert.Equal(4, recorder.MaxConcurrent);
        Assert.Equal(
            Enumerable.Range(0, 8).Select(i => $"message {i}").Order(),
            firstBatch.Concat(secondBatch).Select(m => (string)m.Value!).Order());
        await WaitUntilEmptyAsync(queue);
    }

    private Task<ApprovalFunctions.LocalHost.LocalFunctionsHost> StartAsync(Type functionClass, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["SampleQueue"] = queueName;
        return SampleHost.StartAsync(azurite, recorder, [functionClass], settings);
    }

    private QueueClient Queue(QueueMessageEncoding encoding, string? name = null) =>
        new(azurite.ConnectionString, name ?? queueName, new QueueClientOptions { MessageEncoding = encoding });

    private async Task<string> ReceivePoisonAsync(QueueMessageEncoding encoding)
    {
        var poison = Queue(encoding, queueName + "-poison");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var messages = (await poison.ReceiveMessagesAsync(1, cancellationToken: timeout.Token)).Value;
            if (messages.Length == 1)
            {
                return messages[0].Body.ToString();
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task WaitUntilEmptyAsync(QueueClient queue)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while ((await queue.GetPropertiesAsync(timeout.Token)).Value.ApproximateMessagesCount > 0)
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
