using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.Operations.UserTasks;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Admin;

/// <summary>
/// <c>GET /api/ops/users/{userId}/tasks?topic=1|2|3|17|18|all[&amp;user_id_type=open_id|user_id|union_id][&amp;instance_ids=a,b]</c>:
/// the user's Feishu task list judged against desired state. The audit names the topics and counts, never the user.
/// </summary>
public sealed class UserTasksFunction(UserTasksInspector inspector, OperatorAudit audit)
{
    [Function("OpsUserTasks")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = OperatorHttp.RoutePrefix + "/users/{userId}/tasks")] HttpRequest request,
        string userId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = OperatorCaller.From(request);
        if (OperatorHttp.RouteIdProblem(userId, "userId") is { } badId)
        {
            audit.Record(caller, "user-tasks", "user ?", 0, "bad request");
            return badId;
        }

        var topicValue = request.Query["topic"].ToString();
        if (UserTasksInspector.ParseTopics(topicValue) is not { } topics)
        {
            audit.Record(caller, "user-tasks", "topic ?", 0, "bad request");
            return OperatorHttp.Error(StatusCodes.Status400BadRequest, "topic is required: 1 (to-do), 2 (done), 3 (initiated), 17 (unread CC), 18 (read CC) or all.", "topic");
        }

        var idType = request.Query["user_id_type"].ToString();
        if (idType.Length > 0 && !TaskUser.IdTypes.Contains(idType))
        {
            audit.Record(caller, "user-tasks", $"topic {topicValue}", 0, "bad request");
            return OperatorHttp.Error(StatusCodes.Status400BadRequest, $"user_id_type must be one of {string.Join(", ", TaskUser.IdTypes)}.", "user_id_type");
        }

        var named = request.Query["instance_ids"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
        if (named.Count > UserTasksInspector.MaxNamedInstances)
        {
            audit.Record(caller, "user-tasks", $"topic {topicValue}", 0, "bad request");
            return OperatorHttp.Error(StatusCodes.Status400BadRequest, $"instance_ids may name at most {UserTasksInspector.MaxNamedInstances} instances.", "instance_ids");
        }

        if (named.FirstOrDefault(id => InstanceIds.Problem(id) is not null) is { } badNamed)
        {
            audit.Record(caller, "user-tasks", $"topic {topicValue}", 0, "bad request");
            return OperatorHttp.Error(StatusCodes.Status400BadRequest, $"instance_ids: \"{badNamed}\" is not an instance id: {InstanceIds.Problem(badNamed)}", "instance_ids");
        }

        UserTasksReport report;
        try
        {
            report = await inspector.InspectAsync(new TaskUser(userId, idType.Length > 0 ? idType : null), topics, named, cancellationToken).ConfigureAwait(false);
        }
        catch (FeishuApiException exception)
        {
            audit.Record(caller, "user-tasks", $"topic {topicValue}", 0, $"Feishu failed: code {exception.Code}, log id {exception.LogId}");
            return OperatorHttp.Error(StatusCodes.Status502BadGateway, $"Feishu's tasks query failed ({exception.Kind}): code {exception.Code}, msg \"{exception.FeishuMessage}\", log id {exception.LogId}.");
        }

        audit.Record(caller, "user-tasks", $"topic {topicValue}, {named.Count} named instances", report.Listed, $"{report.Problems} problems");
        return OperatorHttp.Json(report);
    }
}
