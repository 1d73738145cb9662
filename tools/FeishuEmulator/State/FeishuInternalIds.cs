using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FeishuEmulator.State;

/// <summary>
/// Feishu's own ids for things the caller names by its own ids (approval definition, instance, task), which Feishu's
/// answers carry beside ours: long numeric strings, and a UUID for the instance code. The emulator derives them from the
/// caller's ids, so they are stable across calls, REPLACE and restarts, and distinct per entity.
/// </summary>
internal static class FeishuInternalIds
{
    /// <summary>A 19-digit numeric string, like Feishu's approval_id, process_id and task_id.</summary>
    public static string Numeric(string kind, params string[] parts)
    {
        var value = BitConverter.ToUInt64(Hash(kind, parts), 0) % 9_000_000_000_000_000_000UL + 1_000_000_000_000_000_000UL;
        return value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>An upper-case UUID, like Feishu's instance_code (process_code).</summary>
    public static string Code(string kind, params string[] parts) =>
        new Guid(Hash(kind, parts).AsSpan(0, 16)).ToString("D").ToUpperInvariant();

    private static byte[] Hash(string kind, string[] parts) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + string.Join("\n", parts)));
}
