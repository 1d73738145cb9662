using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using FeishuEmulator.Configuration;
using FeishuEmulator.Protocol;
using FeishuEmulator.Tests.Client.Infrastructure;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;

namespace FeishuEmulator.Tests.Client;

/// <summary>Requests Feishu refuses for what they carry: the client gives up after one attempt and says why.</summary>
public sealed class PermanentFailureTests
{
    /// <summary>Bodies the client's models and checks let through, and Feishu's rules do not (approval-api.md §2).</summary>
    public static TheoryData<string> BodiesOnlyFeishuRejects => ["undefined i18n key", "task id equal to the instance id", "extra not a JSON object", "task without an assignee"];

    [Fact]
    public async Task Sync_naming_an_approval_code_Feishu_does_not_know_fails_as_Permanent_after_one_attempt()
    {
        await using var feishu = await EmulatedFeishu.StartAsync(new FeishuEmulatorOptions { RequireKnownApprovalCode = true });
        using var retries = feishu.Metric(FeishuMetrics.Retries);
        using var failures = feishu.Metric(FeishuMetrics.Failures);

        var error = await Assert.ThrowsAsync<FeishuApiException>(() => feishu.Client.SyncInstanceAsync(Samples.Instance("inst-unknown-code"), default));

        Assert.Equal(FeishuErrorKind.Permanent, error.Kind);
        Assert.Equal(FeishuCodes.ApprovalNotFound, error.Code);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal($"approval not found: approval_code \"{Samples.ApprovalCode}\" was never created through external_approvals", error.FeishuMessage);
        var exchange = Assert.Single(feishu.Wire.To(FeishuEndpointNames.SyncPath));
        Assert.NotNull(exchange.LogId);
        Assert.Equal(exchange.LogId, error.LogId);
        AssertAttemptedOnce(feishu, retries, failures);
        AssertLoggedWithLogId(feishu, error);
    }

    [Theory]
    [MemberData(nameof(BodiesOnlyFeishuRejects))]
    public async Task Body_Feishu_rejects_with_1390001_fails_as_Permanent_after_one_attempt(string flaw)
    {
        var (instance, field) = Flawed(flaw);
        await using var feishu = await EmulatedFeishu.StartAsync();
        using var retries = feishu.Metric(FeishuMetrics.Retries);
        using var failures = feishu.Metric(FeishuMetrics.Failures);

        var error = await Assert.ThrowsAsync<FeishuApiException>(() => feishu.Client.SyncInstanceAsync(instance, default));

        Assert.Equal(FeishuErrorKind.Permanent, error.Kind);
        Assert.Equal(FeishuErrorCodes.ParamInvalid, error.Code);
        Assert.StartsWith("param is invalid: ", error.FeishuMessage, StringComparison.Ordinal);
        Assert.Contains(field, error.FeishuMessage, StringComparison.Ordinal);
        Assert.Equal(Assert.Single(feishu.Wire.To(FeishuEndpointNames.SyncPath)).LogId, error.LogId);
        AssertAttemptedOnce(feishu, retries, failures);
        AssertLoggedWithLogId(feishu, error);
    }

    private static (ExternalInstance Instance, string Field) Flawed(string flaw)
    {
        var valid = Samples.Instance("inst-flawed", tasks: Samples.Task("task-1", "ou_approver"));
        return flaw switch
        {
            "undefined i18n key" => (valid with { Title = "@i18n@never_defined" }, "title"),
            "task id equal to the instance id" => (valid with { TaskList = [Samples.Task("inst-flawed", "ou_approver")] }, "task_list[0].task_id"),
            "extra not a JSON object" => (valid with { Extra = "PO-2026-0001" }, "extra"),
            "task without an assignee" => (valid with { TaskList = [Samples.Task("task-1", "ou_approver") with { OpenId = null }] }, "task_list[0]"),
            _ => throw new ArgumentOutOfRangeException(nameof(flaw), flaw, "Unknown flaw."),
        };
    }

    private static void AssertAttemptedOnce(EmulatedFeishu feishu, MetricCollector<long> retries, MetricCollector<long> failures)
    {
        var stats = feishu.Emulator.Stats.Snapshot();
        Assert.Equal(1, stats.CallsTo(FeishuEndpointNames.Sync));
        Assert.Equal(1, stats.Rejected);
        Assert.Equal(0, stats.SyncApplied);
        Assert.Empty(feishu.Emulator.State.Instances);
        Assert.Equal(0, retries.Sum());
        Assert.Equal(1, failures.Sum("kind", nameof(FeishuErrorKind.Permanent)));
    }

    private static void AssertLoggedWithLogId(EmulatedFeishu feishu, FeishuApiException error)
    {
        var record = Assert.Single(feishu.Logs.GetSnapshot(), log => log.Level == LogLevel.Error);
        Assert.Contains(error.LogId!, record.Message, StringComparison.Ordinal);
        Assert.Contains(error.FeishuMessage, record.Message, StringComparison.Ordinal);
    }
}
