using System.IO.Pipelines;
using ApprovalFunctions.Core.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace ApprovalFunctions.UnitTests.Ingest;

/// <summary>Bodies that arrive too slowly or break off: a 4xx decided by the reader, never an exception.</summary>
public sealed class IngestBodyReadTests
{
    [Fact]
    public async Task A_body_that_stops_arriving_gets_408_when_the_deadline_passes_and_not_before()
    {
        var clock = new FakeTimeProvider(IngestRequests.Now);
        var reader = IngestRequests.Reader(new IngestOptions { BodyReadTimeout = TimeSpan.FromSeconds(30) }, clock);
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("{\"instance_id\":"u8.ToArray());
        var request = IngestRequests.Stream(pipe.Reader.AsStream(), contentLength: 1_000);

        var reading = reader.ReadInstanceAsync(request, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(100);
        Assert.False(reading.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));
        var result = await reading.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(StatusCodes.Status408RequestTimeout, result.StatusCode);
        Assert.Contains("Ingest:BodyReadTimeout", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_breaks_off_gets_400()
    {
        var request = IngestRequests.Stream(new BreakingStream(), contentLength: 1_000);

        var result = await IngestRequests.Reader().ReadInstanceAsync(request, CancellationToken.None);

        Assert.Equal(StatusCodes.Status400BadRequest, result.StatusCode);
        Assert.Contains("broke off", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    /// <summary>A connection that resets after the first bytes.</summary>
    private sealed class BreakingStream : MemoryStream
    {
        private bool sent;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.IsEmpty)
            {
                // A zero-byte read only waits for data.
                return ValueTask.FromResult(0);
            }

            if (sent)
            {
                throw new IOException("Connection reset by peer");
            }

            sent = true;
            buffer.Span[0] = (byte)'{';
            return ValueTask.FromResult(1);
        }
    }
}
