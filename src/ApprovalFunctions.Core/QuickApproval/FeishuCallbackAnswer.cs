using System.Globalization;
using System.Net;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>
/// What Feishu gets back (approval-api.md §8): 200 <c>{"code":0,"msg":"success"}</c> when the source accepted; otherwise
/// an HTTP status above 400 with <c>{"message": …}</c>, which Feishu shows the approver: the source's own message when
/// it refused with one, else a clear generic message in Chinese and English.
/// </summary>
public static class FeishuCallbackAnswer
{
    public const string RefusedWithoutMessage = "审批系统拒绝了此操作（HTTP {0}）。The approval system refused this action (HTTP {0}).";
    public const string TimedOut = "审批系统未能及时响应，请稍后重试。The approval system did not answer in time; please try again.";
    public const string Unavailable = "审批系统暂时无法处理此操作，请稍后重试。The approval system cannot take this action right now; please try again.";
    public const string NotConfigured = "此应用未启用快捷审批，请在审批系统中处理。Quick approval is not set up for this app; please act in the approval system.";

    public static (int StatusCode, FeishuCallbackAnswerBody Body) For(SourceAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Outcome switch
        {
            SourceOutcome.Accepted => ((int)HttpStatusCode.OK, new FeishuCallbackAnswerBody { Code = 0, Msg = "success" }),
            SourceOutcome.Refused => (VisibleStatus(answer.StatusCode ?? (int)HttpStatusCode.BadRequest), new FeishuCallbackAnswerBody
            {
                Message = answer.Message ?? string.Format(CultureInfo.InvariantCulture, RefusedWithoutMessage, answer.StatusCode),
                WithoutPrefix = answer.Message is null ? null : answer.WithoutPrefix,
            }),
            _ when answer.FailureKind == SourceFailureKinds.Timeout => ((int)HttpStatusCode.GatewayTimeout, new FeishuCallbackAnswerBody { Message = TimedOut }),
            _ => ((int)HttpStatusCode.BadGateway, new FeishuCallbackAnswerBody { Message = Unavailable }),
        };
    }

    /// <summary>A refusal of the request itself (bad token, body, size): the status as decided, the reason as the message.</summary>
    public static (int StatusCode, FeishuCallbackAnswerBody Body) Refusal(int statusCode, string problem, string? field) =>
        (statusCode, new FeishuCallbackAnswerBody { Message = problem, Field = field });

    /// <summary>Feishu shows a message only for a status above 400, so a plain 400 from the source becomes 422.</summary>
    private static int VisibleStatus(int sourceStatus) => sourceStatus > (int)HttpStatusCode.BadRequest ? sourceStatus : (int)HttpStatusCode.UnprocessableEntity;
}

/// <summary>Either Feishu's success envelope (<c>code</c>, <c>msg</c>) or an error <c>message</c> for the approver.</summary>
public sealed record FeishuCallbackAnswerBody
{
    public int? Code { get; init; }

    public string? Msg { get; init; }

    public string? Message { get; init; }

    public bool? WithoutPrefix { get; init; }

    /// <summary>The request field a refusal concerns, for whoever reads the logs of a misconfigured definition.</summary>
    public string? Field { get; init; }
}
