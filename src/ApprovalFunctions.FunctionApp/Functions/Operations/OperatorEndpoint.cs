using System.Globalization;
using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.FunctionApp.Http;
using ApprovalFunctions.Feishu.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ApprovalFunctions.FunctionApp.Functions.Operations;

/// <summary>
/// Runs every operator endpoint the same way: the operation parses its route, query and body through an
/// <see cref="OperatorCall"/> and answers an <see cref="OperatorAnswer"/>; this writes the one audit line of the call
/// (whatever the outcome, bad requests and Feishu failures included) and the answer, errors as problem details.
/// A Feishu failure the operation lets escape becomes 502 (or 400 when Feishu judged what the operator sent); any
/// other failure (storage) a 500 problem (<see cref="ServerErrorProblems"/>), retried by the operator, and is not audited.
/// </summary>
public sealed class OperatorEndpoint(OperatorAudit audit, IncomingRequests incoming, ServerErrorProblems failures)
{
    public Task<IActionResult> RunAsync(HttpRequest request, string action, Func<OperatorCall, Task<OperatorAnswer>> operation)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operation);
        return failures.AnswerAsync(request, $"Operator call {action}", () => AnswerAsync(request, action, operation));
    }

    private async Task<IActionResult> AnswerAsync(HttpRequest request, string action, Func<OperatorCall, Task<OperatorAnswer>> operation)
    {
        var call = new OperatorCall(request, incoming.From(request), action);
        OperatorAnswer answer;
        try
        {
            answer = await operation(call);
        }
        catch (FeishuApiException exception)
        {
            answer = FeishuFailed(call.FeishuCall, exception);
        }

        audit.Record(IncomingRequests.CallerOf(request), call.Action, call.Target, answer.Count, answer.Outcome);
        return answer.Problem is { } problem
            ? ProblemResults.Result(problem with { Instance = $"{request.PathBase}{request.Path}" })
            : new JsonResult(answer.Body, answer.Options) { StatusCode = answer.Status, ContentType = "application/json; charset=utf-8" };
    }

    private static OperatorAnswer FeishuFailed(FeishuCallDescription call, FeishuApiException exception)
    {
        var permanent = exception.Kind == FeishuErrorKind.Permanent && call.PermanentIsBadRequest;
        var code = exception.Code?.ToString(CultureInfo.InvariantCulture) ?? "none";
        var logId = exception.LogId ?? "none";
        return OperatorAnswer.Refused(
            permanent ? StatusCodes.Status400BadRequest : StatusCodes.Status502BadGateway,
            $"{call.What} failed ({exception.Kind}): code {code}, msg \"{exception.FeishuMessage}\", log id {logId}.",
            call.Field,
            $"Feishu failed: {exception.Kind}, code {code}, log id {logId}");
    }
}
