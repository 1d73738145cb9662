using System.Diagnostics;
using System.Text.Json;

namespace FeishuEmulator.Tests.Client.Infrastructure;

/// <summary>One HTTP exchange between the client and the emulator, as seen on the client's side of the wire.</summary>
/// <param name="Path">Absolute path without the query string, e.g. <c>/open-apis/approval/v4/external_instances</c>.</param>
/// <param name="InstanceId">The body's <c>instance_id</c>, when it has one: ties the retries of one sync call together.</param>
/// <param name="SentAt">Stopwatch timestamp when the request left the client's pipeline.</param>
/// <param name="AnsweredAt">Stopwatch timestamp when the response came back; null when none did (timeout, transport error).</param>
public sealed record WireExchange(
    string Path,
    string? InstanceId,
    string? Token,
    long SentAt,
    long? AnsweredAt,
    int? Status,
    string? LogId,
    string? RateLimitReset)
{
    /// <summary>Real time from this exchange's answer to <paramref name="later"/>'s request.</summary>
    public TimeSpan AnswerTo(WireExchange later) => Stopwatch.GetElapsedTime(AnsweredAt ?? throw new InvalidOperationException("The exchange has no answer."), later.SentAt);
}

/// <summary>
/// Every exchange the client's named <see cref="HttpClient"/> made, in the order the answers came back, with signals
/// for tests that must act once the client has seen a given answer.
/// </summary>
public sealed class WireLog
{
    private readonly Lock gate = new();
    private readonly List<WireExchange> exchanges = [];
    private readonly List<(Func<IReadOnlyList<WireExchange>, bool> Condition, TaskCompletionSource Signal)> waiters = [];

    public IReadOnlyList<WireExchange> Exchanges
    {
        get
        {
            lock (gate)
            {
                return [.. exchanges];
            }
        }
    }

    /// <summary>Exchanges with one endpoint, e.g. <see cref="Protocol.FeishuEndpointNames.SyncPath"/>.</summary>
    public IReadOnlyList<WireExchange> To(string path) => [.. Exchanges.Where(exchange => exchange.Path == path)];

    /// <summary>Completes once the log satisfies <paramref name="condition"/>; fails after <see cref="EmulatedFeishu.SignalTimeout"/>.</summary>
    public Task WaitUntilAsync(Func<IReadOnlyList<WireExchange>, bool> condition)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (condition(exchanges))
            {
                return Task.CompletedTask;
            }

            waiters.Add((condition, signal));
        }

        return signal.Task.WaitAsync(EmulatedFeishu.SignalTimeout);
    }

    internal void Add(WireExchange exchange)
    {
        List<TaskCompletionSource> satisfied = [];
        lock (gate)
        {
            exchanges.Add(exchange);
            for (var i = waiters.Count - 1; i >= 0; i--)
            {
                if (waiters[i].Condition(exchanges))
                {
                    satisfied.Add(waiters[i].Signal);
                    waiters.RemoveAt(i);
                }
            }
        }

        satisfied.ForEach(signal => signal.TrySetResult());
    }
}

/// <summary>The handler that writes the <see cref="WireLog"/>; it sits between the client and its primary handler.</summary>
internal sealed class WireTap(WireLog log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // HttpClient has resolved the URI against its base address before any handler runs.
        var path = request.RequestUri!.AbsolutePath;
        var instanceId = request.Content is null ? null : InstanceIdOf(await request.Content.ReadAsByteArrayAsync(cancellationToken));
        var token = request.Headers.Authorization?.Parameter;
        var sentAt = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (Exception)
        {
            log.Add(new WireExchange(path, instanceId, token, sentAt, null, null, null, null));
            throw;
        }

        log.Add(new WireExchange(
            path,
            instanceId,
            token,
            sentAt,
            Stopwatch.GetTimestamp(),
            (int)response.StatusCode,
            Header(response, "X-Tt-Logid"),
            Header(response, "x-ogw-ratelimit-reset")));
        return response;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string? InstanceIdOf(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("instance_id", out var id)
            && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
    }
}
