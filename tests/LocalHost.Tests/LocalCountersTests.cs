using System.Diagnostics.Metrics;
using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.FunctionApp.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalFunctions.LocalHost.Tests;

public sealed class LocalCountersTests
{
    [Fact]
    public void Counts_the_meters_the_app_exports_with_their_tags_and_nothing_else()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        using var counters = new LocalCounters(meterFactory);

        var metrics = new ApprovalMetrics(meterFactory);
        metrics.FeishuCall("UPDATE", "accepted");
        metrics.FeishuCall("REPLACE", "accepted");
        new ApprovalMetrics(otherHost.GetRequiredService<IMeterFactory>()).FeishuCall("UPDATE", "accepted");
        meterFactory.Create(ApprovalMetrics.MeterName + ".Unexported").CreateCounter<long>("approvalfunctions.unexported").Add(5);

        var totals = counters.Snapshot();

        Assert.Contains(ApprovalMetrics.MeterName, AppTelemetry.MeterNames);
        Assert.Equal(2, totals["approvalfunctions.sync.feishu_calls"]);
        Assert.Equal(1, totals["approvalfunctions.sync.feishu_calls{mode=UPDATE,result=accepted}"]);
        Assert.Equal(2, totals["approvalfunctions.sync.feishu_calls{result=accepted}"]);
        Assert.DoesNotContain("approvalfunctions.unexported", totals.Keys);
    }
}
