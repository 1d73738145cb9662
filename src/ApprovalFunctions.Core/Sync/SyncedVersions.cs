namespace ApprovalFunctions.Core.Sync;

/// <summary>
/// The desired version this host last saw synced, per recently synced instance (bounded; the oldest entries go first).
/// A nudge from ingest at or below it asks for nothing the watermarks do not already cover: its change was in the
/// desired state that sync planned from, so it is dropped without reading storage. Bursts of changes to one instance
/// therefore cost one read per sync, not one per change. Only ingest nudges are dropped this way: the reconciler's and
/// operators' nudges carry repair work that the version alone does not show, and they are always read.
/// </summary>
public sealed class SyncedVersions(int capacity = SyncedVersions.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;

    private readonly Dictionary<string, long> versions = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    /// <summary>Whether desired version <paramref name="version"/> of the instance is known to be synced.</summary>
    public bool Covers(string instanceId, long version)
    {
        lock (versions)
        {
            return versions.TryGetValue(instanceId, out var synced) && version <= synced;
        }
    }

    /// <summary>Records that the watermarks cover desired version <paramref name="syncedVersion"/> (never lowers what is known).</summary>
    public void Record(string instanceId, long syncedVersion)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        lock (versions)
        {
            if (versions.TryGetValue(instanceId, out var known))
            {
                versions[instanceId] = Math.Max(known, syncedVersion);
                return;
            }

            while (versions.Count >= capacity && order.TryDequeue(out var oldest))
            {
                versions.Remove(oldest);
            }

            versions.Add(instanceId, syncedVersion);
            order.Enqueue(instanceId);
        }
    }
}
