using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.Json;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Storage.Tables;
using ApprovalFunctions.Core.Sync;
using ApprovalFunctions.Core.Timeline;
using ApprovalFunctions.Feishu.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Ingest;

/// <inheritdoc />
public sealed partial class InstanceIngestor(
    IInstanceStateStore store,
    ISyncQueue queue,
    DesiredStateMerger merger,
    ApprovalMetrics metrics,
    TimeProvider timeProvider,
    IOptions<SyncOptions> syncOptions,
    InstanceTimeline timeline,
    ILogger<InstanceIngestor> logger) : IInstanceIngestor
{
    /// <summary>Concurrent changes to one instance retry the merge; this many lost races in a row means something is wrong.</summary>
    private const int MaxMergeAttempts = 20;

    /// <summary>One merge at a time per instance in this process: concurrent changes to it wait here rather than race on the ETag.</summary>
    private readonly InstanceLocks turns = new();

    public async Task<IngestOutcome> IngestAsync(ExternalInstance change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var turn = await turns.AcquireAsync(change.InstanceId, cancellationToken);
        for (var attempt = 0; attempt < MaxMergeAttempts; attempt++)
        {
            var state = await store.LoadAsync(change.InstanceId, cancellationToken);
            var now = timeProvider.GetUtcNow();
            var merge = merger.Merge(state.Desired?.Document, change, now);
            switch (merge.Outcome)
            {
                case MergeOutcome.ApprovalCodeChanged or MergeOutcome.Purged:
                    LogConflict(logger, change.InstanceId, merge.Outcome);
                    await timeline.RecordIgnoredChangeAsync(change, "refused", merge.Desired?.DesiredVersion ?? 0, merge.ConflictMessage, cancellationToken);
                    return new IngestOutcome(IngestOutcomeKind.Conflict, change.InstanceId, merge.Desired?.DesiredVersion ?? 0, merge.ConflictMessage,
                        merge.Outcome == MergeOutcome.ApprovalCodeChanged ? "$.approval_code" : "$.instance_id");
                case MergeOutcome.Stale or MergeOutcome.Duplicate:
                    var ignored = new IngestOutcome(merge.Outcome == MergeOutcome.Stale ? IngestOutcomeKind.Stale : IngestOutcomeKind.Duplicate,
                        change.InstanceId, merge.Desired?.DesiredVersion ?? 0);
                    metrics.StaleIgnored(ignored.OutcomeName);
                    LogIgnored(logger, change.InstanceId, ignored.OutcomeName, change.EffectiveUpdateMode, ignored.DesiredVersion);
                    await timeline.RecordIgnoredChangeAsync(change, ignored.OutcomeName, ignored.DesiredVersion, null, cancellationToken);
                    return ignored;
            }

            var merged = timeline.Received(merge.Desired ?? throw new InvalidOperationException("An applied merge carries the new desired state."), change);
            var bucket = ChangeIndexTable.MinuteBucket(now);
            var rows = IndexRows.For(merged, bucket);
            var desired = IndexRows.Recorded(merged, bucket);
            var document = ChunkedProperty.Encode(desired, CoreJsonContext.Default.DesiredState);
            if (DesiredStateLimits.Check(state.Desired?.Document, desired, document) is { } problem)
            {
                LogOverLimit(logger, change.InstanceId, problem.Path);
                return new IngestOutcome(IngestOutcomeKind.Unprocessable, change.InstanceId, state.Desired?.Document.DesiredVersion ?? 0, problem.Message, problem.Path);
            }

            // Index first: once desired state is written, the reconciler must be able to find the change.
            if (rows.Any)
            {
                await store.RecordChangeAsync(desired, rows, now, cancellationToken);
            }

            if (await store.TrySaveDesiredAsync(desired, document, state.Desired?.ETag, cancellationToken) is null)
            {
                LogMergeRace(logger, change.InstanceId, attempt + 1);
                continue;
            }

            await queue.EnqueueAsync(new SyncNudge(desired.InstanceId, desired.DesiredVersion, FromIngest: true), syncOptions.Value.NudgeDelay, cancellationToken);
            LogQueued(logger, desired.InstanceId, change.EffectiveUpdateMode, desired.DesiredVersion);
            return new IngestOutcome(IngestOutcomeKind.Queued, desired.InstanceId, desired.DesiredVersion);
        }

        throw new ConcurrencyConflictException($"Instance '{change.InstanceId}' changed under {MaxMergeAttempts} merges in a row.");
    }

    public async Task<IReadOnlyList<IngestBatchItem>> IngestBatchAsync(IReadOnlyList<IngestReadResult> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var results = new List<IngestBatchItem>(items.Count);
        for (var index = 0; index < items.Count; index++)
        {
            metrics.Received();
            var item = items[index];
            if (!item.IsValid || item.Instance is null)
            {
                metrics.Rejected(item.StatusCode);
                results.Add(new IngestBatchItem(index, item.StatusCode, null, item.Problems));
                continue;
            }

            var outcome = await IngestAsync(item.Instance, cancellationToken);
            if (!outcome.IsAccepted)
            {
                metrics.Rejected(outcome.StatusCode);
            }

            results.Add(new IngestBatchItem(index, outcome.StatusCode, outcome, outcome.IsAccepted ? [] : [outcome.Problem]));
        }

        return results;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Change to instance {InstanceId} ({Mode}) queued as desired version {DesiredVersion}.")]
    private static partial void LogQueued(ILogger logger, string instanceId, UpdateMode mode, long desiredVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Change to instance {InstanceId} ({Mode}) ignored as {Outcome}; desired version stays {DesiredVersion}.")]
    private static partial void LogIgnored(ILogger logger, string instanceId, string outcome, UpdateMode mode, long desiredVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change to instance {InstanceId} refused: {Outcome}.")]
    private static partial void LogConflict(ILogger logger, string instanceId, MergeOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Change to instance {InstanceId} refused: merged into desired state it would break a limit at {ProblemPath}.")]
    private static partial void LogOverLimit(ILogger logger, string instanceId, string problemPath);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Desired state of instance {InstanceId} changed during merge attempt {Attempt}; merging again.")]
    private static partial void LogMergeRace(ILogger logger, string instanceId, int attempt);
}
