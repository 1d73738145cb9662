namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>
/// Reads another server's answer into memory, but never more than one byte past a limit: a source that answers with
/// megabytes costs us at most the limit. Cancellation throws.
/// </summary>
internal static class BoundedStreamReader
{
    private const int ChunkBytes = 4 * 1024;

    /// <summary>The whole stream; null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[Math.Min(maxBytes + 1, ChunkBytes)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxBytes + 1));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                return buffer.AsMemory(0, total);
            }

            total += read;
            if (total > maxBytes)
            {
                return null;
            }
        }
    }
}
