using System.Text.Json;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>
/// One quick-approval callback from Feishu (approval-api.md §8), authenticated and decrypted. List actions carry
/// <see cref="InstanceId"/> and <see cref="TaskId"/>, card actions <see cref="MessageId"/>, actions after a search
/// <see cref="Id"/> (the task id). The token is not kept: it has been checked and must go no further.
/// </summary>
public sealed record FeishuActionCallback
{
    public const string Approve = "APPROVE";
    public const string Reject = "REJECT";

    /// <summary><see cref="Approve"/> or <see cref="Reject"/>.</summary>
    public required string ActionType { get; init; }

    /// <summary>The task's <c>action_context</c> as the source synced it.</summary>
    public string? ActionContext { get; init; }

    /// <summary>Who tapped: personal data, relayed to the source but never logged or stored.</summary>
    public string? UserId { get; init; }

    public string? ApprovalCode { get; init; }

    public string? InstanceId { get; init; }

    public string? TaskId { get; init; }

    public string? MessageId { get; init; }

    public string? Id { get; init; }

    /// <summary>The approver's comment: personal data, relayed but never logged or stored.</summary>
    public string? Reason { get; init; }

    /// <summary>The <c>attachments</c> array exactly as Feishu sent it, or null.</summary>
    public JsonElement? Attachments { get; init; }

    /// <summary>The task the action is about: <c>task_id</c>, or <c>id</c> after a search.</summary>
    public string? EffectiveTaskId => TaskId ?? Id;
}
