namespace ApprovalFunctions.Core.State;

/// <summary>
/// Mutual exclusion per instance id within this process. Concurrent ingests (or syncs) of one instance on one host take
/// turns here instead of racing on the row's ETag in storage, where every lost race costs a read and a failed write.
/// Hosts still race each other on the ETag, which stays the guarantee; this only makes the common case cheap.
/// </summary>
public sealed class InstanceLocks
{
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>Waits for the instance's turn; dispose the result to end it.</summary>
    public async Task<IDisposable> AcquireAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        Entry entry;
        lock (entries)
        {
            if (!entries.TryGetValue(instanceId, out entry!))
            {
                entry = new Entry();
                entries.Add(instanceId, entry);
            }

            entry.Users++;
        }

        try
        {
            await entry.Turn.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(instanceId, entry);
            throw;
        }

        return new Holder(this, instanceId, entry);
    }

    /// <summary>Instances with a holder or a waiter (for tests: the table does not grow with history).</summary>
    internal int Count
    {
        get
        {
            lock (entries)
            {
                return entries.Count;
            }
        }
    }

    private void Leave(string instanceId, Entry entry)
    {
        lock (entries)
        {
            if (--entry.Users == 0)
            {
                entries.Remove(instanceId);
                entry.Turn.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Holder(InstanceLocks owner, string instanceId, Entry entry) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                entry.Turn.Release();
                owner.Leave(instanceId, entry);
            }
        }
    }
}
