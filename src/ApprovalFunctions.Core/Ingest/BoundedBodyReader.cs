namespace ApprovalFunctions.Core.Ingest;

/// <summary>Reads a request body into memory, but never more than one byte past the limit.</summary>
internal static class BoundedBodyReader
{
    private const int DefaultInitialBytes = 16 * 1024;

    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(Stream body, long? declaredLength, int maxBytes, CancellationToken cancellationToken)
    {
        var initial = (int)Math.Clamp(declaredLength ?? DefaultInitialBytes, 1, (long)maxBytes + 1);
        var buffer = new byte[initial];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, (long)maxBytes + 1));
            }

            var read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken);
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
