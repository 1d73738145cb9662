using System.Diagnostics.Metrics;
using ApprovalFunctions.Core.Operations.Overview;
using ApprovalFunctions.Core.Storage.Tables;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.UnitTests.Operations;

public sealed class FeishuMinuteFlusherTests
{
    [Fact]
    public async Task Storage_that_refuses_connections_keeps_the_counts_and_does_not_fail_the_flush_or_the_shutdown()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var tally = new FeishuCallTally(services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        var counts = new FeishuMinuteCounts(new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero), 5, 1, 2);
        tally.Return([counts]);

        // Nothing listens on port 1: every attempt is refused, and the SDK ends with an AggregateException of them.
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.Mode = RetryMode.Fixed;
        var refusing = new TableServiceClient(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:1/devstoreaccount1",
            options);
        var flusher = new FeishuMinuteFlusher(tally, new FeishuMinuteStore(new OperationsTable(refusing)), Options.Create(new ConsoleOptions()), TimeProvider.System, NullLogger<FeishuMinuteFlusher>.Instance);

        await flusher.StopAsync(CancellationToken.None);

        Assert.Equal([counts], tally.Take());
    }
}
