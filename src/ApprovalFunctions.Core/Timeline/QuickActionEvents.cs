using System.Globalization;
using ApprovalFunctions.Core.QuickApproval;

namespace ApprovalFunctions.Core.Timeline;

/// <summary>
/// What a quick-approval event adds to <see cref="InstanceEvent"/>: the event's <c>at</c> is when the callback arrived,
/// its <c>duration_ms</c> how long the source took to answer. Business ids only, like the <c>quickactions</c> row.
/// </summary>
/// <param name="ActionType">APPROVE, REJECT, … as Feishu sent it.</param>
/// <param name="WebhookId">The <c>webhook-id</c> the source received: quote it to whoever runs the source.</param>
/// <param name="RelayedAt">When the action was sent to the source (after authentication and decryption).</param>
/// <param name="SourceStatus">The source's HTTP status; null when it gave no answer.</param>
/// <param name="FailureKind">Why the relay failed (timeout, unreachable, …), when it did.</param>
/// <param name="FeishuStatus">The HTTP status Feishu got, and with it the approver.</param>
public sealed record QuickActionFacts(
    string ActionType,
    string? TaskId,
    string WebhookId,
    DateTimeOffset RelayedAt,
    int? SourceStatus,
    string? FailureKind,
    int FeishuStatus);

/// <summary>Turns a recorded quick-approval action into a timeline event (pure).</summary>
public static class QuickActionEvents
{
    public static InstanceEvent From(QuickActionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var facts = new QuickActionFacts(record.ActionType, record.TaskId, record.WebhookId, record.RelayedAt, record.SourceStatus, record.FailureKind, record.FeishuStatus);
        return new InstanceEvent(record.ReceivedAt, InstanceEventKinds.Action, record.Outcome, DurationMs: record.DurationMs, Detail: Describe(record), QuickAction: facts);
    }

    private static string Describe(QuickActionRecord record)
    {
        var task = record.TaskId is { } taskId ? $" on task {taskId}" : string.Empty;
        var delay = Math.Max(0, (long)Math.Round((record.RelayedAt - record.ReceivedAt).TotalMilliseconds));
        var relayed = $"The approver's {record.ActionType}{task} was relayed to the source system {Number(delay)} ms after it arrived; ";
        var feishu = Number(record.FeishuStatus);
        var answered = record.Outcome switch
        {
            "accepted" => $"the source accepted it (HTTP {Number(record.SourceStatus)}) in {Number(record.DurationMs)} ms and Feishu got {feishu}. The task's new status comes back as a change from the source.",
            "refused" when record.SourceMessage is { } message =>
                $"the source refused it (HTTP {Number(record.SourceStatus)}) in {Number(record.DurationMs)} ms; Feishu got {feishu} and showed the approver \"{message}\".",
            "refused" => $"the source refused it (HTTP {Number(record.SourceStatus)}) in {Number(record.DurationMs)} ms without a message; Feishu got {feishu} and showed the approver a generic refusal.",
            _ => $"the source gave no usable answer ({FailureText(record)}) after {Number(record.DurationMs)} ms; Feishu got {feishu} and asked the approver to try again.",
        };
        return relayed + answered;
    }

    private static string FailureText(QuickActionRecord record) => record.FailureKind switch
    {
        SourceFailureKinds.Timeout => "no answer within Callback:Timeout",
        SourceFailureKinds.Unreachable => "unreachable",
        _ when record.SourceStatus is { } status => $"{record.FailureKind ?? "failed"}, HTTP {Number(status)}",
        _ => record.FailureKind ?? "failed",
    };

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "–";
}
