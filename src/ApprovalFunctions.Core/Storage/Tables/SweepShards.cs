using System.Globalization;
using System.Text;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>Stable assignment of instances to <c>sweepindex</c> shards (FNV-1a of the id's UTF-8, not string.GetHashCode, which changes per process).</summary>
public static class SweepShards
{
    public static int ShardOf(string instanceId, int shardCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(instanceId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash % (uint)shardCount);
    }

    public static string PartitionKey(int shard) => shard.ToString(CultureInfo.InvariantCulture);
}
