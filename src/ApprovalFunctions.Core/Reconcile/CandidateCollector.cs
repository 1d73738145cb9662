using ApprovalFunctions.Core.Storage.Tables;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>
/// Step 1 of a round: the instances to look at, from the window of <c>changeindex</c>, the <c>lagging</c> rows of
/// <c>syncissues</c> and one <c>sweepindex</c> shard, in that order (the check priority when the budget runs out).
/// Final instances past <see cref="SweepIndexOptions.FinalRetention"/> leave the sweep here.
/// </summary>
public sealed class CandidateCollector(IChangeIndexTable changeIndex, ISyncIssuesTable syncIssues, ISweepIndexTable sweepIndex, IOptions<SweepIndexOptions> options)
{
    private readonly SweepIndexOptions sweep = options.Value;

    internal async Task<List<ReconcileCandidate>> CollectAsync(ReconcileWindow window, DateTimeOffset roundStart, ReconcileSummary summary, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<string, ReconcileCandidate>(StringComparer.Ordinal);
        var ordered = new List<ReconcileCandidate>();
        void Add(string instanceId, CandidateSource source)
        {
            if (byId.TryGetValue(instanceId, out var known))
            {
                known.Sources |= source;
                return;
            }

            var candidate = new ReconcileCandidate(instanceId) { Sources = source };
            byId.Add(instanceId, candidate);
            ordered.Add(candidate);
        }

        await foreach (var change in changeIndex.ReadWindowAsync(window.FirstBucket, window.LastBucket, cancellationToken))
        {
            summary.AddEntitiesRead(1);
            Add(change.InstanceId, CandidateSource.Window);
        }

        await foreach (var issue in syncIssues.ListAsync(State.SyncIssueKind.Lagging, cancellationToken))
        {
            summary.AddEntitiesRead(1);
            Add(issue.InstanceId, CandidateSource.Lagging);
        }

        var expired = new List<SweepIndexEntry>();
        await foreach (var entry in sweepIndex.ReadShardAsync(summary.SweepShard, cancellationToken))
        {
            summary.AddEntitiesRead(1);
            if (entry.IsFinal && roundStart - entry.LastChangedAt > sweep.FinalRetention)
            {
                expired.Add(entry);
            }
            else
            {
                Add(entry.InstanceId, CandidateSource.Sweep);
            }
        }

        await Parallel.ForEachAsync(expired, RoundParallelism.Of(cancellationToken), async (entry, ct) => await sweepIndex.DeleteAsync(entry, ct));
        summary.SweepRowsDeleted = expired.Count;
        summary.Candidates = ordered.Count;
        return ordered;
    }
}
