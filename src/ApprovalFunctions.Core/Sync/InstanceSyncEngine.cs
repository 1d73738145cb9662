using ApprovalFunctions.Core.Diagnostics;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Timeline;
using ApprovalFunctions.Feishu.Client;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Sync;

/// <inheritdoc />
public sealed partial class InstanceSyncEngine(
    IInstanceStateStore store,
    IFeishuApprovalClient feishu,
    ISyncQueue queue,
    SyncPlanner planner,
    IOptions<SyncOptions> options,
    ApprovalMetrics metrics,
    TimeProvider timeProvider,
    InstanceTimeline timeline,
    ILogger<InstanceSyncEngine> logger) : IInstanceSyncEngine
{
    private const double JitterFraction = 0.2;

    private readonly SyncOptions settings = options.Value;

    /// <summary>One sync at a time per instance in this process: the others wait here, then find their version synced.</summary>
    private readonly InstanceLocks turns = new();

    private readonly SyncedVersions syncedVersions = new();

    public async Task<SyncRunResult> SyncAsync(SyncNudge nudge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nudge);
        using var turn = await turns.AcquireAsync(nudge.InstanceId, cancellationToken);
        if (nudge.FromIngest && syncedVersions.Covers(nudge.InstanceId, nudge.Version))
        {
            LogUpToDate(logger, nudge.InstanceId, nudge.Version);
            return SyncRunResult.UpToDate;
        }

        var state = await store.LoadAsync(nudge.InstanceId, cancellationToken);
        if (state.Desired?.Document is not { } desired)
        {
            LogUnknown(logger, nudge.InstanceId);
            return SyncRunResult.UnknownInstance;
        }

        if (state.PurgeLanded)
        {
            // Nothing is sent for this instance again, whatever nudges it; until the purge landed it is sent below like
            // any REPLACE, under the lease.
            return SyncRunResult.Purged;
        }

        var synced = state.SyncedOrEmpty;
        if (synced.Parked is { } parked && desired.DesiredVersion <= parked.ParkedDesiredVersion)
        {
            LogStillParked(logger, nudge.InstanceId, parked.ParkedDesiredVersion);
            return SyncRunResult.StillParked;
        }

        if (synced.SyncedDesiredVersion >= desired.DesiredVersion && !synced.NeedsRepair)
        {
            syncedVersions.Record(nudge.InstanceId, synced.SyncedDesiredVersion);
            LogUpToDate(logger, nudge.InstanceId, synced.SyncedDesiredVersion);
            return SyncRunResult.UpToDate;
        }

        var owner = Guid.NewGuid().ToString("N");
        var now = timeProvider.GetUtcNow();
        if (synced.IsLeasedByOther(owner, now))
        {
            return await RetryLaterAsync(nudge, nudge.Attempt, settings.LeaseBusyDelay, "lease", SyncRunResult.LeaseBusy, cancellationToken);
        }

        // Planned on the watermarks the lease write below is conditional on; the lease write also raises the time ceiling
        // before the call goes out, so a call that lands although we never hear back still counts.
        var plan = planner.Plan(desired, synced);
        var leased = SyncPlanner.Reserve(synced, plan) with { LeaseOwner = owner, LeaseUntil = now + settings.LeaseDuration };
        if (await store.TrySaveSyncedAsync(leased, state.Synced?.ETag, cancellationToken) is not { } leaseETag)
        {
            // Another sync or the reconciler wrote the watermarks after we loaded them; its holder may have loaded an
            // older desired version, so this nudge must come back rather than vanish.
            return await RetryLaterAsync(nudge, nudge.Attempt, settings.LeaseBusyDelay, "lease", SyncRunResult.LeaseBusy, cancellationToken);
        }

        var lease = new Lease(nudge.InstanceId, owner, leased, leaseETag);
        switch (plan.Action)
        {
            case SyncAction.Nothing:
                var before = await CommitAsync(lease, s => timeline.Fold(WithoutIssues(s) with { SyncedDesiredVersion = Math.Max(s.SyncedDesiredVersion, plan.DesiredVersion), RestoreInstanceTime = false }, InstanceEvents.NothingToSend(plan.DesiredVersion, now)), cancellationToken);
                await ClearIssueRowsAsync(nudge.InstanceId, before, cancellationToken);
                syncedVersions.Record(nudge.InstanceId, plan.DesiredVersion);
                LogNothingToSend(logger, nudge.InstanceId, plan.DesiredVersion);
                return SyncRunResult.NothingToSend;
            case SyncAction.Park:
                return await ParkAsync(lease, plan, plan.ParkReason ?? "REPLACE needed from a partial snapshot.", null, "partial-snapshot", null, cancellationToken);
        }

        var request = plan.Request ?? throw new InvalidOperationException("An UPDATE or REPLACE plan carries its request.");
        LogSending(logger, nudge.InstanceId, plan.ModeName, plan.DesiredVersion, request.TaskList?.Count ?? 0, request.CcList?.Count ?? 0, string.Join("; ", plan.Reasons));
        FeishuResult<Feishu.Models.SyncInstanceResponse> result;
        var callStarted = timeProvider.GetTimestamp();
        try
        {
            result = await feishu.SyncInstanceAsync(request, cancellationToken);
        }
        catch (FeishuApiException exception)
        {
            metrics.FeishuCall(plan.ModeName, exception.Kind.ToString());
            return await HandleFailureAsync(nudge, lease, plan, exception, timeProvider.GetElapsedTime(callStarted), cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Not a Feishu answer (a bug or a broken client): free the instance for the host's retry of this nudge
            // instead of leaving it leased until LeaseUntil, then let the exception reach the host.
            await CommitAsync(lease, s => SyncPlanner.Reserve(s, plan), CancellationToken.None);
            throw;
        }

        metrics.FeishuCall(plan.ModeName, "ok");
        var syncedAt = timeProvider.GetUtcNow();
        var call = InstanceEvents.SyncCall(plan.ModeName, plan.DesiredVersion, FeishuErrorCodes.Success, result.LogId, timeProvider.GetElapsedTime(callStarted), syncedAt, request.TaskList?.Count ?? 0, request.CcList?.Count ?? 0);
        var overwritten = await CommitAsync(lease, s => timeline.Fold(WithoutIssues(planner.ApplySuccess(s, plan, syncedAt)), call), cancellationToken);
        await ClearIssueRowsAsync(nudge.InstanceId, overwritten, cancellationToken);
        syncedVersions.Record(nudge.InstanceId, plan.DesiredVersion);
        metrics.Synced(plan.ModeName);
        LogSynced(logger, nudge.InstanceId, plan.ModeName, FeishuErrorCodes.Success, result.LogId, plan.DesiredVersion, plan.SentInstanceTime);
        return SyncRunResult.Synced;
    }

    private async Task<SyncRunResult> HandleFailureAsync(SyncNudge nudge, Lease lease, SyncPlan plan, FeishuApiException exception, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var error = new SyncError(exception.Kind, exception.Code, exception.FeishuMessage, exception.LogId, now);
        InstanceEvent Failed(string next) => InstanceEvents.SyncFailed(plan.ModeName, plan.DesiredVersion, exception.Kind.ToString(), exception.Code, exception.LogId, exception.FeishuMessage, duration, now, next);
        LogFailed(logger, nudge.InstanceId, plan.ModeName, exception.Kind, exception.Code, exception.LogId, exception.FeishuMessage, nudge.Attempt + 1);

        switch (exception.Kind)
        {
            case FeishuErrorKind.Permanent:
                return await ParkAsync(lease, plan, $"Feishu refused the {plan.ModeName}: code {exception.Code}, msg \"{exception.FeishuMessage}\".", error, "permanent", duration, cancellationToken);

            case FeishuErrorKind.Transient when nudge.Attempt + 1 >= settings.MaxAttempts:
                return await ParkAsync(lease, plan, $"Feishu failed {nudge.Attempt + 1} times in a row (transient); last: code {exception.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, msg \"{exception.FeishuMessage}\".", error, "attempts-exhausted", duration, cancellationToken);

            case FeishuErrorKind.Transient:
                await CommitAsync(lease, s => timeline.Fold(SyncPlanner.Reserve(s, plan) with { Attempts = s.Attempts + 1, LastError = error }, Failed("Retried later.")), cancellationToken);
                return await RetryLaterAsync(nudge, nudge.Attempt + 1, TransientRetryDelay(nudge.Attempt, exception.RetryAfter), "transient", SyncRunResult.RetryScheduled, cancellationToken);

            default:
                // Auth and quota: an operator has to act; keep the instance visible as lagging and look again later.
                await CommitAsync(lease, s => timeline.Fold(SyncPlanner.Reserve(s, plan) with { Attempts = s.Attempts + 1, LastError = error, LaggingIssue = true }, Failed("An operator must fix credentials or quota; retried later.")), cancellationToken);
                await store.SetIssueAsync(new SyncIssue(SyncIssueKind.Lagging, nudge.InstanceId, $"Feishu refused the call ({exception.Kind}): code {exception.Code}, msg \"{exception.FeishuMessage}\".", plan.DesiredVersion, now), cancellationToken);
                return await RetryLaterAsync(nudge, nudge.Attempt, settings.AuthRetryDelay, exception.Kind.ToString().ToLowerInvariant(), SyncRunResult.RetryScheduled, cancellationToken);
        }
    }

    private async Task<SyncRunResult> ParkAsync(Lease lease, SyncPlan plan, string reason, SyncError? error, string cause, TimeSpan? callDuration, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var parked = new ParkedState(reason, error?.Code, error?.Message, error?.LogId, now, plan.DesiredVersion);
        await CommitAsync(lease, s => timeline.Fold(SyncPlanner.Reserve(s, plan) with { Parked = parked, LastError = error ?? s.LastError, Attempts = error is null ? s.Attempts : s.Attempts + 1 }, InstanceEvents.Parked(parked, plan.Action == SyncAction.Park ? InstanceEvents.ModeName(replace: true) : plan.ModeName, callDuration)), cancellationToken);
        await store.SetIssueAsync(new SyncIssue(SyncIssueKind.Parked, lease.InstanceId, reason, plan.DesiredVersion, now, error?.Code, error?.Message, error?.LogId), cancellationToken);
        metrics.Parked(cause);
        LogParked(logger, lease.InstanceId, plan.ModeName, error?.Code, error?.LogId, reason);
        return SyncRunResult.Parked;
    }

    private async Task<SyncRunResult> RetryLaterAsync(SyncNudge nudge, int attempt, TimeSpan delay, string reason, SyncRunResult result, CancellationToken cancellationToken)
    {
        await queue.EnqueueAsync(nudge with { Attempt = attempt }, delay, cancellationToken);
        metrics.Retry(reason);
        LogRetry(logger, nudge.InstanceId, reason, attempt, delay);
        return result;
    }

    /// <summary>RetryBaseDelay · 2^attempt ±20 % jitter, capped at RetryMaxDelay; Feishu's rate-limit reset when it gave one and it is longer.</summary>
    internal TimeSpan TransientRetryDelay(int attempt, TimeSpan? retryAfter)
    {
        var exponential = settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt, 0, 30));
        var jittered = exponential * (1 + (((Random.Shared.NextDouble() * 2) - 1) * JitterFraction));
        var delay = TimeSpan.FromMilliseconds(Math.Min(jittered, settings.RetryMaxDelay.TotalMilliseconds));
        return retryAfter is { } reset && reset > delay ? reset : delay;
    }

    /// <summary>
    /// Writes the watermarks with <paramref name="change"/> applied and our lease released: first with the lease's ETag;
    /// if someone (the reconciler, an operator) wrote meanwhile, reload and re-apply. Returns the watermarks the change was
    /// applied to (what was overwritten).
    /// </summary>
    private async Task<SyncedState> CommitAsync(Lease lease, Func<SyncedState, SyncedState> change, CancellationToken cancellationToken)
    {
        var overwritten = lease.Synced;
        SyncedState Apply(SyncedState current)
        {
            overwritten = current;
            var changed = change(current);
            return changed.LeaseOwner == lease.Owner ? changed with { LeaseOwner = null, LeaseUntil = null } : changed;
        }

        if (await store.TrySaveSyncedAsync(Apply(lease.Synced), lease.ETag, cancellationToken) is not null)
        {
            return overwritten;
        }

        await store.UpdateSyncedAsync(lease.InstanceId, state => Apply(state.SyncedOrEmpty), cancellationToken);
        return overwritten;
    }

    /// <summary>Synced or nothing to send: no issue row is left to keep (a parked state is lifted with its row).</summary>
    private static SyncedState WithoutIssues(SyncedState synced) => synced with { Parked = null, LaggingIssue = false };

    /// <summary>Deletes the issue rows the overwritten watermarks said exist: none in the usual case, so no storage call.</summary>
    private Task ClearIssueRowsAsync(string instanceId, SyncedState overwritten, CancellationToken cancellationToken) =>
        overwritten.IssueRows.Count == 0 ? Task.CompletedTask : store.ClearIssuesAsync(instanceId, overwritten.IssueRows, cancellationToken);

    private sealed record Lease(string InstanceId, string Owner, SyncedState Synced, ETag ETag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nudge for instance {InstanceId}, which has no desired state: ignored.")]
    private static partial void LogUnknown(ILogger logger, string instanceId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Instance {InstanceId} is parked at desired version {ParkedDesiredVersion} and unchanged: not sent.")]
    private static partial void LogStillParked(ILogger logger, string instanceId, long parkedDesiredVersion);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Instance {InstanceId} already synced at desired version {SyncedDesiredVersion}: no call.")]
    private static partial void LogUpToDate(ILogger logger, string instanceId, long syncedDesiredVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {InstanceId} at desired version {DesiredVersion}: Feishu already has everything, no call.")]
    private static partial void LogNothingToSend(ILogger logger, string instanceId, long desiredVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Syncing instance {InstanceId} by {Mode} at desired version {DesiredVersion}: {TaskCount} tasks, {CcCount} CCs. {Reasons}")]
    private static partial void LogSending(ILogger logger, string instanceId, string mode, long desiredVersion, int taskCount, int ccCount, string reasons);

    [LoggerMessage(Level = LogLevel.Information, Message = "Synced instance {InstanceId} by {Mode}: Feishu code {FeishuCode}, log id {LogId}, desired version {DesiredVersion}, instance time sent {SentInstanceTime}.")]
    private static partial void LogSynced(ILogger logger, string instanceId, string mode, int feishuCode, string? logId, long desiredVersion, long sentInstanceTime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of instance {InstanceId} by {Mode} failed ({Kind}): Feishu code {FeishuCode}, log id {LogId}, msg {FeishuMessage}, attempt {Attempt}.")]
    private static partial void LogFailed(ILogger logger, string instanceId, string mode, FeishuErrorKind kind, int? feishuCode, string? logId, string feishuMessage, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Parked instance {InstanceId} ({Mode}): Feishu code {FeishuCode}, log id {LogId}. {Reason}")]
    private static partial void LogParked(ILogger logger, string instanceId, string mode, int? feishuCode, string? logId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nudge for instance {InstanceId} re-enqueued ({Reason}), attempt {Attempt}, in {Delay}.")]
    private static partial void LogRetry(ILogger logger, string instanceId, string reason, int attempt, TimeSpan delay);
}
