using System.Diagnostics;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using FeishuEmulator.Configuration;
using FeishuEmulator.Protocol;
using FeishuEmulator.Tests.Client.Infrastructure;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FeishuEmulator.Tests.Client;

/// <summary>
/// The emulator's injected faults (seeded, so each run meets the same sequence) against the client's retries.
/// Calls run one after another so that the dice fall the same way every time.
/// </summary>
public sealed class TransientFailureTests
{
    private const int Seed = 20260302;

    /// <summary>A seed whose first roll is a fault, so that the very first call, the token call, fails.</summary>
    private const int SeedFailingTheFirstCall = 14;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(1);
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> PersistentAnsweredFaults => ["server error", "internal error 2200", "try again later 1395001"];

    [Fact]
    public async Task Answered_faults_at_a_rate_below_one_are_retried_until_every_call_succeeds()
    {
        await using var feishu = await EmulatedFeishu.StartAsync(
            Faulty(new FaultSettingsValues { ServerErrorRate = 0.2, InternalErrorRate = 0.15, TryAgainLaterRate = 0.15, Seed = Seed }),
            clientSettings: EmulatedFeishu.Settings(("MaxRetries", 8)));
        using var retries = feishu.Metric(FeishuMetrics.Retries);
        const int calls = 20;

        for (var i = 0; i < calls; i++)
        {
            await feishu.Client.SyncInstanceAsync(Samples.Instance($"inst-{i}"), default);
        }

        var stats = feishu.Emulator.Stats.Snapshot();
        Assert.InRange(stats.FaultsInjected, 5, 100);
        Assert.Equal(calls + stats.FaultsInjected, stats.CallsTo(FeishuEndpointNames.Sync));
        Assert.Equal(calls, stats.SyncApplied);
        Assert.Equal(stats.FaultsInjected, retries.Sum("reason", "backoff"));
        Assert.Equal(stats.FaultsInjected, retries.Sum());
    }

    [Fact]
    public async Task Faults_on_every_endpoint_the_token_call_included_are_retried_until_every_call_succeeds()
    {
        await using var feishu = await EmulatedFeishu.StartAsync(
            Faulty(new FaultSettingsValues { ServerErrorRate = 0.15, InternalErrorRate = 0.1, TryAgainLaterRate = 0.1, Targets = FaultTargets.All, Seed = SeedFailingTheFirstCall }),
            clientSettings: EmulatedFeishu.Settings(("MaxRetries", 8)));
        using var retries = feishu.Metric(FeishuMetrics.Retries);
        const int rounds = 4;

        for (var round = 0; round < rounds; round++)
        {
            await feishu.Client.CreateExternalApprovalAsync(Samples.Definition(), default);
            var instance = Samples.Instance($"inst-{round}", tasks: Samples.Task($"task-{round}", "ou_approver"));
            await feishu.Client.SyncInstanceAsync(instance, default);
            var check = await feishu.Client.CheckInstancesAsync(Samples.Check(instance), default);
            Assert.Empty(check.Data.DiffInstances);
            var todo = await feishu.Client.QueryUserTasksAsync(new UserTasksQuery { UserId = "ou_approver", Topic = UserTaskTopics.Todo }, default);
            Assert.Equal(round + 1, todo.Data.Tasks.Count);
            var external = await feishu.Client.ListExternalTasksAsync(new ExternalTasksQuery { ApprovalCodes = [Samples.ApprovalCode] }, default);
            Assert.Equal(round + 1, external.Data.Data.Count);
        }

        var stats = feishu.Emulator.Stats.Snapshot();
        var approvalCalls = 5 * rounds;
        var tokenFaults = stats.CallsTo(FeishuEndpointNames.Token) - 1;
        Assert.True(tokenFaults > 0, "the seed should fail the token call at least once");
        Assert.True(stats.FaultsInjected > tokenFaults, "the seed should fail approval calls too");
        Assert.Equal(approvalCalls + 1 + stats.FaultsInjected, stats.CallsPerEndpoint.Values.Sum());
        Assert.Equal(stats.FaultsInjected, retries.Sum("reason", "backoff"));
    }

    [Fact]
    public async Task Requests_held_past_RequestTimeout_at_a_rate_below_one_are_retried_until_every_call_succeeds()
    {
        var clientClock = new FakeTimeProvider(Start);
        await using var feishu = await EmulatedFeishu.StartAsync(
            Faulty(new FaultSettingsValues { TimeoutRate = 0.4, Seed = Seed }),
            clientClock: clientClock,
            clientSettings: EmulatedFeishu.Settings(("RequestTimeout", RequestTimeout), ("MaxRetries", 8)));
        const int calls = 10;

        for (var i = 0; i < calls; i++)
        {
            await ReleasingHeldRequestsAsync(feishu, clientClock, () => feishu.Client.SyncInstanceAsync(Samples.Instance($"inst-{i}"), default));
        }

        var stats = feishu.Emulator.Stats.Snapshot();
        Assert.InRange(stats.FaultsInjected, 1, 100);
        Assert.Equal(calls + stats.FaultsInjected, stats.CallsTo(FeishuEndpointNames.Sync));
        Assert.Equal(calls, stats.SyncApplied);
        Assert.Equal(stats.FaultsInjected, feishu.Wire.To(FeishuEndpointNames.SyncPath).Count(exchange => exchange.AnsweredAt is null));
    }

    [Theory]
    [MemberData(nameof(PersistentAnsweredFaults))]
    public async Task Answered_fault_at_rate_one_fails_as_Transient_after_MaxRetries_plus_one_attempts(string fault)
    {
        var faults = fault switch
        {
            "server error" => new FaultSettingsValues { ServerErrorRate = 1, Seed = Seed },
            "internal error 2200" => new FaultSettingsValues { InternalErrorRate = 1 },
            "try again later 1395001" => new FaultSettingsValues { TryAgainLaterRate = 1 },
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "Unknown fault."),
        };
        await using var feishu = await EmulatedFeishu.StartAsync(Faulty(faults), clientSettings: EmulatedFeishu.Settings(("MaxRetries", 2)));
        using var retries = feishu.Metric(FeishuMetrics.Retries);
        using var failures = feishu.Metric(FeishuMetrics.Failures);

        var error = await Assert.ThrowsAsync<FeishuApiException>(() => feishu.Client.SyncInstanceAsync(Samples.Instance("inst-doomed"), default));

        Assert.Equal(FeishuErrorKind.Transient, error.Kind);
        var last = feishu.Wire.To(FeishuEndpointNames.SyncPath)[^1];
        Assert.NotNull(last.LogId);
        Assert.Equal(last.LogId, error.LogId);
        Assert.Equal(last.Status, error.HttpStatus);
        switch (fault)
        {
            case "server error":
                Assert.Null(error.Code);
                Assert.Contains(error.HttpStatus, new int?[] { 500, 503 });
                break;
            case "internal error 2200":
                Assert.Equal(FeishuErrorCodes.InternalError, error.Code);
                break;
            default:
                Assert.Equal(FeishuErrorCodes.TryAgainLater, error.Code);
                break;
        }

        AssertGaveUpAfterThreeAttempts(feishu, retries, failures);
    }

    [Fact]
    public async Task Requests_held_past_RequestTimeout_every_time_fail_as_Transient_after_MaxRetries_plus_one_attempts()
    {
        var clientClock = new FakeTimeProvider(Start);
        await using var feishu = await EmulatedFeishu.StartAsync(
            Faulty(new FaultSettingsValues { TimeoutRate = 1 }),
            clientClock: clientClock,
            clientSettings: EmulatedFeishu.Settings(("RequestTimeout", RequestTimeout), ("MaxRetries", 2)));
        using var retries = feishu.Metric(FeishuMetrics.Retries);
        using var failures = feishu.Metric(FeishuMetrics.Failures);

        var error = await Assert.ThrowsAsync<FeishuApiException>(() =>
            ReleasingHeldRequestsAsync(feishu, clientClock, () => feishu.Client.SyncInstanceAsync(Samples.Instance("inst-doomed"), default)));

        Assert.Equal(FeishuErrorKind.Transient, error.Kind);
        Assert.Null(error.Code);
        Assert.Null(error.HttpStatus);
        Assert.Null(error.LogId);
        Assert.Equal("No response within 1 s.", error.FeishuMessage);
        Assert.All(feishu.Wire.To(FeishuEndpointNames.SyncPath), exchange => Assert.Null(exchange.AnsweredAt));
        AssertGaveUpAfterThreeAttempts(feishu, retries, failures);
    }

    private static FeishuEmulatorOptions Faulty(FaultSettingsValues faults)
    {
        var options = new FeishuEmulatorOptions();
        options.Faults.Set(faults);
        return options;
    }

    private static void AssertGaveUpAfterThreeAttempts(
        EmulatedFeishu feishu,
        MetricCollector<long> retries,
        MetricCollector<long> failures)
    {
        var stats = feishu.Emulator.Stats.Snapshot();
        Assert.Equal(3, stats.CallsTo(FeishuEndpointNames.Sync));
        Assert.Equal(3, stats.FaultsInjected);
        Assert.Equal(0, stats.SyncApplied);
        Assert.Equal(3, feishu.Wire.To(FeishuEndpointNames.SyncPath).Count);
        Assert.Equal(2, retries.Sum("reason", "backoff"));
        Assert.Equal(1, failures.Sum("kind", nameof(FeishuErrorKind.Transient)));
    }

    /// <summary>
    /// Starts <paramref name="call"/> and awaits it, moving the client's clock past <see cref="RequestTimeout"/> each
    /// time the emulator starts holding one of its requests (a timeout fault), so that the attempt times out at once.
    /// The emulator offers no event for that, so its counters are polled.
    /// </summary>
    private static async Task<T> ReleasingHeldRequestsAsync<T>(EmulatedFeishu feishu, FakeTimeProvider clientClock, Func<Task<T>> start)
    {
        // Counted before the call starts: its first request may reach the emulator before this method runs on.
        var released = feishu.Emulator.Stats.Snapshot().FaultsInjected;
        var started = Stopwatch.GetTimestamp();
        var call = start();
        while (!call.IsCompleted)
        {
            if (feishu.Emulator.Stats.Snapshot().FaultsInjected > released)
            {
                released++;
                clientClock.Advance(RequestTimeout);
                continue;
            }

            if (Stopwatch.GetElapsedTime(started) > EmulatedFeishu.SignalTimeout)
            {
                throw new TimeoutException("The call neither completed nor met a held request.");
            }

            await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(2)));
        }

        return await call;
    }
}
