using System.Text.Json.Nodes;
using ApprovalFunctions.LoadGenerator.Pipeline;

namespace ApprovalFunctions.LoadGenerator.Tests;

public sealed class CountersTests
{
    [Fact]
    public void A_counter_total_is_its_number_or_the_sum_of_its_tagged_parts()
    {
        var counters = JsonNode.Parse("""
            {
              "approvalfunctions.storage.operations": 120,
              "approvalfunctions.feishu.calls": { "sync": 7, "check": { "ok": 2, "failed": 1 } },
              "approvalfunctions.label": "not a number"
            }
            """)!.AsObject();

        var totals = CountersClient.Totals(counters);

        Assert.Equal(120, totals[CountersClient.StorageOperations]);
        Assert.Equal(10, totals[CountersClient.FeishuCalls]);
        Assert.Equal(0, totals["approvalfunctions.label"]);
    }

    [Fact]
    public void Emulator_calls_of_a_run_are_the_difference_of_two_readings()
    {
        var delta = new EmulatorCalls(Sync: 110, Check: 5, Token: 2, FaultsInjected: 9, RateLimited: 1, Rejected: 0)
            - new EmulatorCalls(Sync: 10, Check: 1, Token: 1, FaultsInjected: 4, RateLimited: 1, Rejected: 0);

        Assert.Equal(new EmulatorCalls(100, 4, 1, 5, 0, 0), delta);
    }
}
