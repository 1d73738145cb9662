using System.Threading.Channels;

namespace ApprovalFunctions.LocalHost.Tests;

/// <summary>What the sample functions saw, in order, so that tests await invocations instead of sleeping.</summary>
public sealed class InvocationRecorder
{
    private readonly Channel<Invocation> invocations = Channel.CreateUnbounded<Invocation>();
    private int running;
    private int maxRunning;

    /// <summary>Held by the concurrency samples until a test opens it.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int MaxConcurrent => Volatile.Read(ref maxRunning);

    public void Record(string function, object? value) => invocations.Writer.TryWrite(new Invocation(function, value, DateTimeOffset.UtcNow));

    public IDisposable Enter()
    {
        var now = Interlocked.Increment(ref running);
        int seen;
        while (now > (seen = Volatile.Read(ref maxRunning)) && Interlocked.CompareExchange(ref maxRunning, now, seen) != seen)
        {
        }

        return new Exit(this);
    }

    public async Task<Invocation> NextAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        return await invocations.Reader.ReadAsync(cancellation.Token);
    }

    public async Task<IReadOnlyList<Invocation>> NextAsync(int count, TimeSpan? timeout = null)
    {
        var result = new List<Invocation>();
        while (result.Count < count)
        {
            result.Add(await NextAsync(timeout));
        }

        return result;
    }

    public bool TryTake(out Invocation? invocation) => invocations.Reader.TryRead(out invocation);

    public sealed record Invocation(string Function, object? Value, DateTimeOffset At);

    private sealed class Exit(InvocationRecorder recorder) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref recorder.running);
    }
}
