using System.Reflection;
using ApprovalFunctions.Core.Reconcile;
using ApprovalFunctions.FunctionApp.Functions;
using Microsoft.Azure.Functions.Worker;
using Moq;

namespace ApprovalFunctions.UnitTests.Reconcile;

public sealed class ReconcileFunctionTests
{
    [Fact]
    public void The_timer_runs_on_the_ReconcileSchedule_setting_and_never_on_startup()
    {
        var run = typeof(ReconcileFunction).GetMethod(nameof(ReconcileFunction.Run))!;
        var trigger = run.GetParameters()[0].GetCustomAttribute<TimerTriggerAttribute>()!;

        Assert.Equal("Reconcile", run.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal("%ReconcileSchedule%", trigger.Schedule);
        Assert.False(trigger.RunOnStartup);
        Assert.Equal([typeof(TimerInfo), typeof(CancellationToken)], run.GetParameters().Select(p => p.ParameterType));
    }

    [Fact]
    public async Task Each_tick_runs_one_round()
    {
        var round = new Mock<IReconcileRound>();
        round.Setup(r => r.RunAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new ReconcileSummary { Outcome = ReconcileOutcome.Completed, RoundStart = DateTimeOffset.UnixEpoch });

        await new ReconcileFunction(round.Object).Run(new TimerInfo(), CancellationToken.None);

        round.Verify(r => r.RunAsync(It.IsAny<CancellationToken>()), Times.Once);
    }
}
