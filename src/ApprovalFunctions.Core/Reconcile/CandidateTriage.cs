using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Storage.Tables;
using ApprovalFunctions.Core.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>
/// Step 2 of a round: loads every candidate (both instance rows in one partition query), sorts it into its
/// <see cref="CandidateDisposition"/> and acts on what needs no check: parked and purged ones leave the lagging rows,
/// in-flight ones are rechecked next round, lagging ones are marked and re-nudged (at most MaxRenudgesPerRound).
/// Returns the candidates to check.
/// </summary>
/// <param name="logger">The round's logger: every line of a round is under one category.</param>
public sealed class CandidateTriage(
    IInstanceStateStore store,
    IChangeIndexTable changeIndex,
    ISyncIssuesTable syncIssues,
    ISyncQueue queue,
    IOptions<ReconcileOptions> options,
    ILogger<ReconcileRound> logger)
{
    private readonly ReconcileOptions settings = options.Value;

    internal async Task<List<ReconcileCandidate>> TriageAsync(List<ReconcileCandidate> candidates, ReconcileSummary summary, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(candidates, RoundParallelism.Of(cancellationToken), async (candidate, ct) =>
        {
            var state = await store.LoadAsync(candidate.InstanceId, ct);
            candidate.State = state;
            candidate.Disposition = CandidateClassifier.Classify(state, summary.RoundStart, settings.LagGrace);
            summary.AddEntitiesRead((state.Desired is null ? 0 : 1) + (state.Synced is null ? 0 : 1));
        });

        var lagging = candidates.Where(c => c.Disposition == CandidateDisposition.Lagging).ToList();
        var renudge = lagging.Take(settings.MaxRenudgesPerRound).ToHashSet();
        summary.LaggingRenudged = renudge.Count;
        summary.LaggingDeferred = lagging.Count - renudge.Count;
        summary.ParkedSkipped = candidates.Count(c => c.Disposition == CandidateDisposition.Parked);
        summary.PurgedSkipped = candidates.Count(c => c.Disposition is CandidateDisposition.Purged or CandidateDisposition.Gone);
        summary.InFlight = candidates.Count(c => c.Disposition == CandidateDisposition.InFlight);

        await Parallel.ForEachAsync(candidates, RoundParallelism.Of(cancellationToken), async (candidate, ct) =>
        {
            switch (candidate.Disposition)
            {
                case CandidateDisposition.Gone or CandidateDisposition.Purged or CandidateDisposition.Parked when candidate.Sources.HasFlag(CandidateSource.Lagging):
                    await syncIssues.DeleteAsync(candidate.InstanceId, SyncIssueKind.Lagging, ct);
                    break;
                case CandidateDisposition.InFlight when !candidate.Sources.HasFlag(CandidateSource.Lagging):
                    await changeIndex.MarkForRecheckAsync(candidate.InstanceId, candidate.Desired.DesiredVersion, ct);
                    break;
                case CandidateDisposition.Lagging:
                    await MarkLaggingAsync(candidate, renudge.Contains(candidate), ct);
                    break;
            }
        });

        return candidates.Where(c => c.Disposition == CandidateDisposition.Check).ToList();
    }

    private async Task MarkLaggingAsync(ReconcileCandidate candidate, bool renudge, CancellationToken cancellationToken)
    {
        var desired = candidate.Desired;
        var synced = candidate.State!.SyncedOrEmpty;
        var reason = $"Desired version {desired.DesiredVersion}, synced {synced.SyncedDesiredVersion}{(synced.NeedsRepair ? ", repair pending" : string.Empty)}, last change {desired.LastReceivedAt:O}.";
        await store.MarkLaggingAsync(candidate.InstanceId, reason, desired.DesiredVersion, cancellationToken);
        if (!renudge)
        {
            return;
        }

        await queue.EnqueueAsync(new SyncNudge(candidate.InstanceId, desired.DesiredVersion), TimeSpan.Zero, cancellationToken);

        // A successful sync deletes the lagging row: the window of the next round must still check its outcome.
        await changeIndex.MarkForRecheckAsync(candidate.InstanceId, desired.DesiredVersion, cancellationToken);
        ReconcileLog.Renudged(logger, candidate.InstanceId, desired.DesiredVersion, synced.SyncedDesiredVersion);
    }
}
