using ApprovalFunctions.Core.State;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Operations.Cleanup;

/// <summary>
/// Where a clean-up run stands. The sync engine knows nothing of runs: an item waiting for its purge is settled here from
/// the instance's synced row (done once it reached the purge version, failed once the purge was parked) and saved, so a
/// settled item is never read again. Settling is idempotent: the rows only move forward.
/// </summary>
public sealed class CleanupProgressReader(ICleanupRunStore runs, IInstanceStateStore store, IOptions<OperationsOptions> options, TimeProvider timeProvider)
{
    /// <summary>Bounds one answer's storage reads in a large run; the rest count as waiting until a later answer looks.</summary>
    public const int MaxSettledPerAnswer = 1000;

    private const int Parallelism = 8;

    private readonly OperationsOptions settings = options.Value;

    /// <summary>Null when there is no such run.</summary>
    public async Task<CleanupProgress?> ReadAsync(string runId, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(runId, cancellationToken) is not { Document: var run })
        {
            return null;
        }

        var items = await runs.ListItemsAsync(runId, null, cancellationToken).ToListAsync(cancellationToken);
        var settled = await SettleAsync([.. items.Where(i => i.State == CleanupItemState.Queued).Take(MaxSettledPerAnswer)], cancellationToken);
        var current = items.Select(i => settled.GetValueOrDefault(i.InstanceId, i)).ToList();

        var done = current.Count(i => i.State == CleanupItemState.Done);
        var failedItems = current.Where(i => i.State == CleanupItemState.Failed).ToList();
        var waiting = current.Count - done - failedItems.Count;
        var failures = failedItems.Take(settings.ListSize).Select(i => new CleanupFailure(i.InstanceId, i.Error ?? "unknown", i.FeishuCode, i.LogId)).ToList();

        var now = timeProvider.GetUtcNow();
        var state = run.State switch
        {
            CleanupRunState.Planned => now >= run.ExpiresAt ? "expired" : "planned",
            _ when waiting == 0 => failedItems.Count == 0 ? "completed" : "completed_with_failures",
            CleanupRunState.Confirmed => "confirmed",
            _ => "running",
        };
        return new CleanupProgress(run.RunId, state, run.Scope.Describe(), run.Planned, waiting, done, failedItems.Count, run.CreatedAt, run.ExpiresAt, run.ConfirmedAt, failures);
    }

    /// <summary>
    /// What an item waiting for its purge has become, judged from the instance's rows (pure): done when the synced row
    /// reached the purge version, failed when that version was parked (a purged instance takes no change and no replay,
    /// so a parked purge stays parked) or the instance's rows were deleted; otherwise unchanged.
    /// </summary>
    public static CleanupItem Settle(CleanupItem item, InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(state);
        if (item.State != CleanupItemState.Queued || item.PurgeVersion is not { } version)
        {
            return item;
        }

        if (state.Desired is null)
        {
            return item with { State = CleanupItemState.Failed, Error = "The instance's desired state was deleted before its purge reached Feishu." };
        }

        var synced = state.SyncedOrEmpty;
        if (synced.SyncedDesiredVersion >= version)
        {
            return item with { State = CleanupItemState.Done, FinishedAt = synced.LastSyncAt };
        }

        return synced.Parked is { } parked && parked.ParkedDesiredVersion >= version
            ? item with { State = CleanupItemState.Failed, Error = parked.Reason, FeishuCode = parked.Code, LogId = parked.LogId, FinishedAt = parked.At }
            : item;
    }

    private async Task<Dictionary<string, CleanupItem>> SettleAsync(IReadOnlyList<CleanupItem> waiting, CancellationToken cancellationToken)
    {
        var settled = new System.Collections.Concurrent.ConcurrentDictionary<string, CleanupItem>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(waiting, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (item, token) =>
        {
            var now = Settle(item, await store.LoadAsync(item.InstanceId, token));
            if (now != item)
            {
                await runs.SaveItemAsync(now, token);
                settled[item.InstanceId] = now;
            }
        });
        return new Dictionary<string, CleanupItem>(settled, StringComparer.Ordinal);
    }
}
