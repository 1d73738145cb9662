using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure.Storage.Queues;

namespace ApprovalFunctions.Core.Storage.Queues;

/// <summary>
/// The app's queue messages: source-generated JSON sent through the app's <see cref="QueueServiceClient"/>, which
/// encodes Base64 like the queue trigger expects (host.json). Messages never expire: a lost message is lost work.
/// </summary>
public static class JsonQueueMessages
{
    /// <summary>Azure Storage refuses a visibility delay of 7 days or more.</summary>
    private static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    public static Task SendAsync<T>(QueueClient queue, T message, JsonTypeInfo<T> typeInfo, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var visibility = delay <= TimeSpan.Zero ? (TimeSpan?)null : delay > MaxVisibilityDelay ? MaxVisibilityDelay : delay;
        return queue.SendMessageAsync(JsonSerializer.Serialize(message, typeInfo), visibility, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
    }

    /// <summary>Reads a message of the expected shape; anything else is a <see cref="FormatException"/> naming what is wrong.</summary>
    public static T Read<T>(string message, JsonTypeInfo<T> typeInfo, string expectedShape, Func<T, string?> missingRequired)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(missingRequired);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(message, typeInfo);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"The queue message is not {expectedShape}: {exception.Message}", exception);
        }

        if (value is null)
        {
            throw new FormatException($"The queue message is not {expectedShape}: it is null.");
        }

        return missingRequired(value) is { } missing
            ? throw new FormatException($"The queue message has no {missing}.")
            : value;
    }
}
