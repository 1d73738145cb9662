using System.Collections.Concurrent;
using System.Text.Json;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Feishu.Json;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.Core.Requests;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Facade;

/// <summary>
/// <c>POST /open-apis/approval/v4/external_instances/check</c>, answered from desired state by
/// <see cref="DesiredStateCheck"/>: <c>{"diff_instances":[...]}</c>, empty when the app holds every claimed change.
/// </summary>
public sealed class FacadeCheckEndpoint(IInstanceStateStore store, IOptions<IngestOptions> ingestOptions)
{
    /// <summary>Feishu publishes no maximum; one call reads this many instances at most.</summary>
    public const int MaxInstances = 200;

    /// <summary>Instances loaded at once: one partition query each.</summary>
    private const int LoadParallelism = 8;

    public async Task<FacadeAnswer> HandleAsync(IncomingRequest request, string logId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var read = await request.Body.ReadAsync(ingestOptions.Value.MaxBodyBytes, cancellationToken);
        if (read.Bytes is not { } body)
        {
            return FacadeAnswer.ParamInvalid([("body", read.Failure ?? $"The body is longer than the {ingestOptions.Value.MaxBodyBytes} bytes accepted.")], logId);
        }

        var problems = new List<IngestProblem>();
        var claims = Read(body, problems);
        if (claims is null || problems.Count > 0)
        {
            return FacadeAnswer.ParamInvalid(FacadeSyncEndpoint.Violations(problems), logId);
        }

        var desired = new ConcurrentDictionary<string, DesiredState?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            claims.Select(c => c.InstanceId).Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = LoadParallelism, CancellationToken = cancellationToken },
            async (instanceId, token) => desired[instanceId] = InstanceIds.Problem(instanceId) is null
                ? (await store.LoadAsync(instanceId, token)).Desired?.Document
                : null);

        var diff = claims.Select(c => DesiredStateCheck.Judge(c, desired[c.InstanceId])).OfType<CheckedInstance>().ToList();
        var data = JsonSerializer.SerializeToNode(new CheckInstancesResponse { DiffInstances = diff }, FeishuJsonContext.Default.CheckInstancesResponse);
        return FacadeAnswer.Success(data, logId);
    }

    /// <summary>The claims, or problems by field: the request shape of Feishu's check call, every field required.</summary>
    private static List<CheckedInstance>? Read(ReadOnlyMemory<byte> body, List<IngestProblem> problems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            problems.Add(new(JsonPath.Root, $"The body is not valid JSON: {exception.Message}"));
            return null;
        }

        using (document)
        {
            var root = JsonObjectReader.Open(document.RootElement, JsonPath.Root, problems, "{\"instances\": [...]}");
            var instances = root?.Array("instances", required: true);
            root?.RejectUnknownProperties();
            if (instances is null)
            {
                return null;
            }

            if (instances.Count is 0 or > MaxInstances)
            {
                root!.AddProblem("instances", $"Must hold 1 to {MaxInstances} instances; it holds {instances.Count}.");
                return null;
            }

            return [.. instances.Select(item => ReadInstance(item.Item, item.Path, problems)).OfType<CheckedInstance>()];
        }
    }

    private static CheckedInstance? ReadInstance(JsonElement element, string path, List<IngestProblem> problems)
    {
        var instance = JsonObjectReader.Open(element, path, problems, "an instance: {instance_id, update_time, tasks}");
        if (instance is null)
        {
            return null;
        }

        var instanceId = instance.Id("instance_id");
        var updateTime = instance.Time("update_time", required: true, zeroAllowed: true);
        var tasks = instance.Array("tasks", required: true);
        instance.RejectUnknownProperties();
        var claimedTasks = new List<CheckedTask>();
        foreach (var (item, taskPath) in tasks ?? [])
        {
            var task = JsonObjectReader.Open(item, taskPath, problems, "a task: {task_id, update_time}");
            var taskId = task?.Id("task_id");
            var taskTime = task?.Time("update_time", required: true, zeroAllowed: true);
            task?.RejectUnknownProperties();
            if (taskId is not null && taskTime is { } time)
            {
                claimedTasks.Add(new CheckedTask { TaskId = taskId, UpdateTime = time });
            }
        }

        return instanceId is null || updateTime is not { } instanceTime || tasks is null
            ? null
            : new CheckedInstance { InstanceId = instanceId, UpdateTime = instanceTime, Tasks = claimedTasks };
    }
}
