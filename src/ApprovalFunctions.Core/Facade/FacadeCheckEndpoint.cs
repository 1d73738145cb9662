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
        var claims = CheckRequestReader.Read(body, MaxInstances, problems);
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
}
