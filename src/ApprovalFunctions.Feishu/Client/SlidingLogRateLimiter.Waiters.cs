using System.Threading.RateLimiting;

namespace ApprovalFunctions.Feishu.Client;

/// <summary>The limiter's waiting callers and the leases it hands out.</summary>
internal sealed partial class SlidingLogRateLimiter
{
    private sealed class Waiter(int permits)
    {
        public int Permits { get; } = permits;

        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }

        public Action? OnCancelled { get; set; }

        public void Cancelled(CancellationToken token)
        {
            if (Completion.TrySetCanceled(token))
            {
                OnCancelled?.Invoke();
            }
        }
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
