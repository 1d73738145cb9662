using ApprovalFunctions.Core.State;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Operations.Cleanup;

/// <summary>
/// The clean-up's operator side: a dry run that stores a plan and answers a confirmation token, the confirmation that
/// puts the plan on the queue exactly once, and progress.
/// </summary>
public sealed class CleanupService(
    ICleanupScopeResolver resolver,
    ICleanupRunStore runs,
    ICleanupWorkQueue queue,
    IOptions<OperationsOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>A confirmed run whose expansion message is still not recorded as sent this long after is sent again.</summary>
    public static readonly TimeSpan ExpansionGrace = TimeSpan.FromMinutes(2);

    private readonly OperationsOptions settings = options.Value;

    /// <summary>The dry run: resolves the scope, stores the plan with the token's hash, changes nothing else.</summary>
    public async Task<CleanupPlanAnswer> PlanAsync(CleanupScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var resolution = await resolver.ResolveAsync(scope, cancellationToken).ConfigureAwait(false);
        var targets = resolution.Targets;
        var listed = targets.Take(settings.ListSize).ToList();
        var notFound = resolution.NotFound.Take(settings.ListSize).ToList();
        var alreadyPurged = targets.Count(t => t.AlreadyPurged);
        var feishuOnly = targets.Count(t => !t.Known);

        if (targets.Count == 0)
        {
            return new CleanupPlanAnswer(null, null, null, scope.Describe(), 0, 0, 0, [], false, resolution.NotFound.Count, notFound,
                "The scope covers no instance: nothing to confirm.");
        }

        var now = timeProvider.GetUtcNow();
        var runId = CleanupConfirmation.NewRunId(now);
        var (token, tokenHash) = CleanupConfirmation.Issue(runId);
        var run = new CleanupRun
        {
            RunId = runId,
            Scope = scope,
            ScopeFingerprint = scope.Fingerprint(),
            ItemsFingerprint = resolution.Fingerprint(),
            Planned = targets.Count,
            NotFound = resolution.NotFound.Count,
            TokenHash = tokenHash,
            CreatedAt = now,
            ExpiresAt = now + settings.ConfirmationLifetime,
        };
        await runs.CreateAsync(run, targets, cancellationToken).ConfigureAwait(false);

        return new CleanupPlanAnswer(runId, token, run.ExpiresAt, scope.Describe(), targets.Count, alreadyPurged, feishuOnly, listed, targets.Count > listed.Count,
            resolution.NotFound.Count, notFound,
            "Dry run: nothing was changed. Confirming wipes these instances in Feishu irreversibly (REPLACE as APPROVED with no initiator, tasks or CCs) " +
            "and marks them purged, so later changes for them answer 409. Confirm with POST /api/ops/cleanup {\"confirm\": \"<token>\"} before the token expires.");
    }

    /// <summary>
    /// Executes a plan: only with its token, before it expires, and while its scope still covers exactly the planned
    /// instances. A second confirmation of the same run enqueues nothing and answers the progress.
    /// </summary>
    public async Task<OperatorOutcome<CleanupProgress>> ConfirmAsync(string token, CancellationToken cancellationToken)
    {
        if (!CleanupConfirmation.TryParse(token, out var runId, out var secret))
        {
            return OperatorOutcome<CleanupProgress>.Failure(OperatorStatus.BadRequest, "confirm must be the confirmation_token a dry run answered.", "$.confirm");
        }

        var stored = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return OperatorOutcome<CleanupProgress>.Failure(OperatorStatus.NotFound, $"No clean-up run '{runId}': run the dry run again.", "$.confirm");
        }

        var run = stored.Document;
        if (!CleanupConfirmation.Matches(run, secret))
        {
            return OperatorOutcome<CleanupProgress>.Failure(OperatorStatus.Forbidden, $"The token does not confirm clean-up run '{runId}'.", "$.confirm");
        }

        var now = timeProvider.GetUtcNow();
        if (run.State != CleanupRunState.Planned)
        {
            if (!run.ExpansionQueued && run.ConfirmedAt is { } confirmedAt && now - confirmedAt > ExpansionGrace)
            {
                // The confirming call died between its state write and its enqueue: finish its work.
                await QueueExpansionAsync(runId, cancellationToken).ConfigureAwait(false);
            }

            return OperatorOutcome<CleanupProgress>.Success((await ProgressAsync(runId, cancellationToken).ConfigureAwait(false))!);
        }

        if (now >= run.ExpiresAt)
        {
            return OperatorOutcome<CleanupProgress>.Failure(OperatorStatus.Gone, $"The token of clean-up run '{runId}' expired at {run.ExpiresAt:O}: run the dry run again.", "$.confirm");
        }

        var current = await resolver.ResolveAsync(run.Scope, cancellationToken).ConfigureAwait(false);
        switch (CleanupConfirmation.Check(run, secret, current, now))
        {
            case ConfirmationCheck.WrongToken:
                return OperatorOutcome<CleanupProgress>.Failure(OperatorStatus.Forbidden, $"The token does not confirm clean-up run '{runId}'.", "$.confirm");
            case ConfirmationCheck.Expired:
                return OperatorOutcome<CleanupProgress>.Failure(OperatorStatus.Gone, $"The token of clean-up run '{runId}' expired: run the dry run again.", "$.confirm");
            case ConfirmationCheck.ScopeChanged:
                return OperatorOutcome<CleanupProgress>.Failure(
                    OperatorStatus.Conflict,
                    $"The scope of clean-up run '{runId}' now covers {current.Targets.Count} instances, not the {run.Planned} planned " +
                    "(or other ones): nothing was wiped. Run the dry run again and confirm its new token.",
                    "$.confirm");
        }

        if (!await runs.TryUpdateAsync(run with { State = CleanupRunState.Confirmed, ConfirmedAt = now }, stored.ETag, cancellationToken).ConfigureAwait(false))
        {
            // Another confirmation of the same run won: it enqueues; this one only reports.
            return OperatorOutcome<CleanupProgress>.Success((await ProgressAsync(runId, cancellationToken).ConfigureAwait(false))!);
        }

        await QueueExpansionAsync(runId, cancellationToken).ConfigureAwait(false);
        return OperatorOutcome<CleanupProgress>.Success((await ProgressAsync(runId, cancellationToken).ConfigureAwait(false))!, OperatorStatus.Accepted);
    }

    /// <summary>Null when there is no such run.</summary>
    public async Task<CleanupProgress?> ProgressAsync(string runId, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not { Document: var run })
        {
            return null;
        }

        int waiting = 0, done = 0, failed = 0;
        var failures = new List<CleanupFailure>();
        await foreach (var item in runs.ListItemsAsync(runId, null, cancellationToken).ConfigureAwait(false))
        {
            switch (item.State)
            {
                case CleanupItemState.Done:
                    done++;
                    break;
                case CleanupItemState.Failed:
                    failed++;
                    if (failures.Count < settings.ListSize)
                    {
                        failures.Add(new CleanupFailure(item.InstanceId, item.Error ?? "unknown", item.FeishuCode, item.LogId));
                    }

                    break;
                default:
                    waiting++;
                    break;
            }
        }

        var now = timeProvider.GetUtcNow();
        var state = run.State switch
        {
            CleanupRunState.Planned => now >= run.ExpiresAt ? "expired" : "planned",
            _ when waiting == 0 => failed == 0 ? "completed" : "completed_with_failures",
            CleanupRunState.Confirmed => "confirmed",
            _ => "running",
        };
        return new CleanupProgress(run.RunId, state, run.Scope.Describe(), run.Planned, waiting, done, failed, run.CreatedAt, run.ExpiresAt, run.ConfirmedAt, failures);
    }

    private async Task QueueExpansionAsync(string runId, CancellationToken cancellationToken)
    {
        await queue.EnqueueAsync(new CleanupWorkMessage(runId), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not { } stored || stored.Document.ExpansionQueued)
            {
                return;
            }

            if (await runs.TryUpdateAsync(stored.Document with { ExpansionQueued = true }, stored.ETag, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        throw new ConcurrencyConflictException($"Clean-up run '{runId}' changed under 5 updates in a row.");
    }
}
