using System.Diagnostics.Metrics;
using ApprovalFunctions.FunctionApp.Telemetry;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;

namespace ApprovalFunctions.UnitTests.FunctionApp;

public sealed class MetricsToApplicationInsightsTests
{
    [Fact]
    public async Task Counters_of_the_app_meters_reach_application_insights_and_others_do_not()
    {
        var channel = new CapturingChannel();
        using var configuration = new TelemetryConfiguration { TelemetryChannel = channel, ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000" };
        var client = new TelemetryClient(configuration);
        using var bridge = new MetricsToApplicationInsights(client);
        await bridge.StartAsync(CancellationToken.None);

        using var ours = new Meter("ApprovalFunctions.Test." + Guid.NewGuid().ToString("N"));
        using var theirs = new Meter("SomeoneElse");
        var counter = ours.CreateCounter<long>("approvalfunctions.test.calls");
        var foreign = theirs.CreateCounter<long>("someoneelse.calls");
        counter.Add(2);
        counter.Add(3);
        foreign.Add(7);

        await bridge.StopAsync(CancellationToken.None);

        var metric = Assert.Single(channel.Items.OfType<MetricTelemetry>(), m => m.Name == "approvalfunctions.test.calls");
        Assert.Equal(5, metric.Sum);
        Assert.Equal(2, metric.Count);
        Assert.DoesNotContain(channel.Items.OfType<MetricTelemetry>(), m => m.Name == "someoneelse.calls");
    }

    [Theory]
    [InlineData("ApprovalFunctions", true)]
    [InlineData("ApprovalFunctions.Feishu", true)]
    [InlineData("ApprovalFunctionsX", false)]
    [InlineData("System.Net.Http", false)]
    public void Only_the_app_meters_are_forwarded(string meterName, bool forwarded) =>
        Assert.Equal(forwarded, MetricsToApplicationInsights.IsOurs(meterName));

    private sealed class CapturingChannel : ITelemetryChannel
    {
        public List<ITelemetry> Items { get; } = [];

        public bool? DeveloperMode { get; set; }

        public string EndpointAddress { get; set; } = string.Empty;

        public void Dispose()
        {
        }

        public void Flush()
        {
        }

        public void Send(ITelemetry item)
        {
            lock (Items)
            {
                Items.Add(item);
            }
        }
    }
}
