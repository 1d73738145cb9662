using FeishuEmulator;

namespace ApprovalFunctions.IntegrationTests.FeishuSdk;

/// <summary>
/// The official Feishu Node SDK against the emulator: every call the app or a source makes (token, definition, sync,
/// check, a user's tasks, third-party task status) answers with the shape the SDK's types declare.
/// </summary>
public sealed class FeishuSdkAgainstEmulatorTests
{
    [Fact]
    public async Task Every_call_the_app_or_a_source_makes_answers_in_the_shape_the_sdk_declares()
    {
        await using var emulator = await FeishuEmulatorServer.StartAsync(new FeishuEmulator.Configuration.FeishuEmulatorOptions { RequireKnownApprovalCode = true });

        var result = await FeishuNodeSdk.RunAsync("shapes", emulator.BaseUrl, emulator.Options.AppId, emulator.Options.AppSecret,
            ("run-id", Guid.NewGuid().ToString("N")[..8]), ("approval-code", "SDK-SHAPES"));

        var calls = result["calls"]!.AsArray().Select(c => c!).ToList();
        Assert.Equal(14, calls.Count);
        Assert.All(calls, call => Assert.True(call["problems"]!.AsArray().Count == 0,
            $"{call["name"]}: {call["problems"]!.ToJsonString()}"));

        // The lists are not empty, so their items' shapes were looked at.
        Assert.All(calls.Where(c => c["items"] is not null), call => Assert.True(call["items"]!.GetValue<int>() > 0, $"{call["name"]} listed nothing"));
    }
}
