using ApprovalFunctions.Core.Operations.UserTasks;
using ApprovalFunctions.Core.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Operations;

/// <summary>
/// <c>GET /api/ops/users/{userId}/tasks?topic=1|2|3|17|18|all[&amp;user_id_type=open_id|user_id|union_id][&amp;instance_ids=a,b]</c>:
/// the user's Feishu task list judged against desired state. The audit names the topics and counts, never the user.
/// </summary>
public sealed class UserTasksFunction(UserTasksInspector inspector, OperatorEndpoint endpoint)
{
    [Function("OpsUserTasks")]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = OperatorRoutes.Prefix + "/users/{userId}/tasks")] HttpRequest request,
        string userId,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(request, "user-tasks", async call =>
        {
            call.Target = "user ?";
            if (OperatorCall.RouteIdProblem(userId, "userId") is { } badId)
            {
                return badId;
            }

            call.Target = "topic ?";
            var topicValue = call.Query("topic");
            if (UserTasksInspector.ParseTopics(topicValue) is not { } topics)
            {
                return OperatorAnswer.BadRequest("topic is required: 1 (to-do), 2 (done), 3 (initiated), 17 (unread CC), 18 (read CC) or all.", "topic");
            }

            call.Target = $"topic {topicValue}";
            var idType = call.Query("user_id_type");
            if (idType.Length > 0 && !TaskUser.IdTypes.Contains(idType))
            {
                return OperatorAnswer.BadRequest($"user_id_type must be one of {string.Join(", ", TaskUser.IdTypes)}.", "user_id_type");
            }

            var named = request.Query["instance_ids"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
            if (named.Count > UserTasksInspector.MaxNamedInstances)
            {
                return OperatorAnswer.BadRequest($"instance_ids may name at most {UserTasksInspector.MaxNamedInstances} instances.", "instance_ids");
            }

            if (named.FirstOrDefault(id => InstanceIds.Problem(id) is not null) is { } badNamed)
            {
                return OperatorAnswer.BadRequest($"instance_ids: \"{badNamed}\" is not an instance id: {InstanceIds.Problem(badNamed)}", "instance_ids");
            }

            call.FeishuCall = new FeishuCallDescription("Feishu's tasks query");
            var report = await inspector.InspectAsync(new TaskUser(userId, idType.Length > 0 ? idType : null), topics, named, cancellationToken);
            call.Target = $"topic {topicValue}, {named.Count} named instances";
            return OperatorAnswer.Ok(report, report.Listed, $"{report.Problems} problems");
        });
}
