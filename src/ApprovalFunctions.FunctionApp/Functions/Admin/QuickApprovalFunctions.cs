using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.QuickApproval;
using ApprovalFunctions.Feishu.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Admin;

/// <summary>
/// Quick approval's operator endpoints: <c>PUT|POST /api/ops/approval-definition</c> creates or updates the definition in
/// Feishu with the app's callback URL, token and key; <c>GET /api/ops/actions/overdue</c> lists tasks whose action the
/// source accepted but whose status never came back within <c>Callback:CompletionGrace</c>.
/// </summary>
public sealed class QuickApprovalFunctions(ApprovalDefinitionPublisher publisher, OverdueActions overdue, OperatorAudit audit)
{
    [Function("OpsApprovalDefinition")]
    public async Task<IActionResult> PublishDefinitionAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "put", "post", Route = OperatorHttp.RoutePrefix + "/approval-definition")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = OperatorCaller.From(request);
        var (body, error) = await OperatorHttp.ReadBodyAsync(request, QuickApprovalOperationsJsonContext.Default.ApprovalDefinitionRequest, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            audit.Record(caller, "approval-definition", "-", 0, "bad request");
            return error!;
        }

        var target = body.ApprovalCode ?? "-";
        try
        {
            var outcome = await publisher.PublishAsync(body, BaseUrlOf(request), cancellationToken).ConfigureAwait(false);
            audit.Record(caller, "approval-definition", target, outcome.Body is null ? 0 : 1, outcome.Body is null ? outcome.Status.ToString() : "published");
            return outcome.Body is { } published
                ? Json(published, StatusCodes.Status200OK)
                : Json(outcome.Error!, OperatorHttp.StatusOf(outcome.Status));
        }
        catch (FeishuApiException exception)
        {
            // A definition Feishu refuses (1390001 …) stays refused: 400 with Feishu's words; anything else may pass on a retry.
            audit.Record(caller, "approval-definition", target, 0, $"Feishu {exception.Kind} {exception.Code}");
            var permanent = exception.Kind == FeishuErrorKind.Permanent;
            return Json(
                new OperatorError($"Feishu refused the definition: code {exception.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, msg \"{exception.FeishuMessage}\", log id {exception.LogId ?? "none"}.", permanent ? "$" : null),
                permanent ? StatusCodes.Status400BadRequest : StatusCodes.Status502BadGateway);
        }
    }

    [Function("OpsOverdueActions")]
    public async Task<IActionResult> ListOverdueAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = OperatorHttp.RoutePrefix + "/actions/overdue")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = await overdue.ListAsync(cancellationToken).ConfigureAwait(false);
        audit.Record(OperatorCaller.From(request), "actions-overdue", "-", report.Count, $"{report.Resolved} resolved");
        return Json(report, StatusCodes.Status200OK);
    }

    private static Uri BaseUrlOf(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}/");

    private static JsonResult Json<T>(T body, int statusCode) =>
        new(body, QuickApprovalOperationsJsonContext.Default.Options) { StatusCode = statusCode, ContentType = "application/json; charset=utf-8" };
}
