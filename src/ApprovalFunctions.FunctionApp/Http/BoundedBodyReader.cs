using System.IO.Pipelines;

namespace ApprovalFunctions.FunctionApp.Http;

/// <summary>What reading a body gave: its bytes, or that it was too long, or that reading was stopped.</summary>
internal readonly record struct BodyBytes(ReadOnlyMemory<byte>? Bytes, bool TooLong, bool Stopped);

/// <summary>
/// Reads a request body into memory from the request's pipe, but never more than one byte past the limit. Stopping is
/// done with <see cref="PipeReader.CancelPendingRead"/>, never by cancelling a read in flight: every read is advanced, so
/// the server finds the body in a sound state afterwards (Kestrel drains it to keep the connection) and logs no error.
/// </summary>
internal static class BoundedBodyReader
{
    private const int DefaultInitialBytes = 16 * 1024;

    public static async Task<BodyBytes> ReadAsync(PipeReader body, long? declaredLength, int maxBytes, CancellationToken stop)
    {
        using var registration = stop.Register(static reader => ((PipeReader)reader!).CancelPendingRead(), body);
        var buffer = new byte[(int)Math.Clamp(declaredLength ?? DefaultInitialBytes, 1, (long)maxBytes + 1)];
        var total = 0;
        while (true)
        {
            var result = await body.ReadAsync(CancellationToken.None);
            var tooLong = false;
            try
            {
                foreach (var segment in result.Buffer)
                {
                    var take = (int)Math.Min(segment.Length, (long)maxBytes + 1 - total);
                    if (total + take > buffer.Length)
                    {
                        Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, total + (long)take), (long)maxBytes + 1));
                    }

                    segment.Span[..take].CopyTo(buffer.AsSpan(total));
                    total += take;
                    if (total > maxBytes)
                    {
                        tooLong = true;
                        break;
                    }
                }
            }
            finally
            {
                body.AdvanceTo(result.Buffer.End);
            }

            if (tooLong)
            {
                return new BodyBytes(null, TooLong: true, Stopped: false);
            }

            if (result.IsCanceled)
            {
                return new BodyBytes(null, TooLong: false, Stopped: true);
            }

            if (result.IsCompleted)
            {
                return new BodyBytes(buffer.AsMemory(0, total), TooLong: false, Stopped: false);
            }
        }
    }
}
