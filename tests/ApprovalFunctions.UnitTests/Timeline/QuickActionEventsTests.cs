using ApprovalFunctions.Core.QuickApproval;
using ApprovalFunctions.Core.Timeline;

namespace ApprovalFunctions.UnitTests.Timeline;

public sealed class QuickActionEventsTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static QuickActionRecord Record(string outcome, int? sourceStatus, int feishuStatus, string? message = null, string? failureKind = null) => new()
    {
        InstanceId = "PR-1",
        TaskId = "PR-1-T2",
        ActionType = "APPROVE",
        WebhookId = "qa_abc",
        ApprovalCode = "CODE",
        ReceivedAt = Received,
        RelayedAt = Received.AddMilliseconds(3),
        Outcome = outcome,
        SourceStatus = sourceStatus,
        SourceMessage = message,
        FailureKind = failureKind,
        DurationMs = 45,
        FeishuStatus = feishuStatus,
    };

    [Fact]
    public void An_accepted_action_is_an_action_event_at_its_arrival_with_what_was_relayed_and_what_each_side_got()
    {
        var e = QuickActionEvents.From(Record("accepted", 200, 200));

        Assert.Equal((Received, InstanceEventKinds.Action, "accepted", 45L), (e.At, e.Kind, e.Outcome, e.DurationMs!.Value));
        Assert.Equal(new QuickActionFacts("APPROVE", "PR-1-T2", "qa_abc", Received.AddMilliseconds(3), 200, null, 200), e.QuickAction);
        Assert.Equal(
            "The approver's APPROVE on task PR-1-T2 was relayed to the source system 3 ms after it arrived; the source accepted it (HTTP 200) in 45 ms and Feishu got 200. The task's new status comes back as a change from the source.",
            e.Detail);
        Assert.Null(e.DesiredVersion);
    }

    [Theory]
    [InlineData("预算已冻结。Budget frozen.", "the source refused it (HTTP 409) in 45 ms; Feishu got 409 and showed the approver \"预算已冻结。Budget frozen.\".")]
    [InlineData(null, "the source refused it (HTTP 409) in 45 ms without a message; Feishu got 409 and showed the approver a generic refusal.")]
    public void A_refusal_says_what_the_approver_saw(string? message, string expectedEnd)
    {
        var e = QuickActionEvents.From(Record("refused", 409, 409, message));

        Assert.Equal("refused", e.Outcome);
        Assert.EndsWith(expectedEnd, e.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SourceFailureKinds.Timeout, null, 504, "no answer within Callback:Timeout")]
    [InlineData(SourceFailureKinds.ServerError, 503, 502, "server_error, HTTP 503")]
    [InlineData(SourceFailureKinds.Unreachable, null, 502, "unreachable")]
    public void A_failed_relay_names_the_failure_and_the_try_again_Feishu_got(string failureKind, int? sourceStatus, int feishuStatus, string failure)
    {
        var e = QuickActionEvents.From(Record("failed", sourceStatus, feishuStatus, failureKind: failureKind));

        Assert.Equal((failureKind, sourceStatus), (e.QuickAction!.FailureKind, e.QuickAction.SourceStatus));
        Assert.EndsWith($"the source gave no usable answer ({failure}) after 45 ms; Feishu got {feishuStatus} and asked the approver to try again.", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_action_without_a_task_names_none()
    {
        var e = QuickActionEvents.From(Record("accepted", 200, 200) with { TaskId = null });

        Assert.StartsWith("The approver's APPROVE was relayed", e.Detail, StringComparison.Ordinal);
    }
}
