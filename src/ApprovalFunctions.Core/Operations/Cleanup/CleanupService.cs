using ApprovalFunctions.Core.State;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Operations.Cleanup;

/// <summary>
/// The clean-up's operator side: a dry run that stores a plan and answers a confirmation token, the confirmation that
/// writes each planned instance's purge snapshot and nudges its sync (resumable, nothing done twice), and progress.
/// </summary>
public sealed class CleanupService(
    ICleanupScopeResolver resolver,
    ICleanupRunStore runs,
    CleanupItemPurger purger,
    CleanupProgressReader progress,
    IOptions<OperationsOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>
    /// A confirmed run still not running this long after its confirmation lost its confirming call midway: a replayed
    /// confirmation finishes it. Sooner, the first call may still be at work.
    /// </summary>
    public static readonly TimeSpan ResumeGrace = TimeSpan.FromMinutes(2);

    private const int Parallelism = 8;

    private readonly OperationsOptions settings = options.Value;

    /// <summary>The dry run: resolves the scope, stores the plan with the token's hash, changes nothing else.</summary>
    public async Task<CleanupPlanAnswer> PlanAsync(CleanupScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var resolution = await resolver.ResolveAsync(scope, cancellationToken);
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
        await runs.CreateAsync(run, targets, cancellationToken);

        return new CleanupPlanAnswer(runId, token, run.ExpiresAt, scope.Describe(), targets.Count, alreadyPurged, feishuOnly, listed, targets.Count > listed.Count,
            resolution.NotFound.Count, notFound,
            "Dry run: nothing was changed. Confirming wipes these instances in Feishu irreversibly (REPLACE as APPROVED with no initiator, tasks or CCs) " +
            "and marks them purged, so later changes for them answer 409. Confirm with POST /api/ops/cleanup {\"confirm\": \"<token>\"} before the token expires.");
    }

    /// <summary>
    /// Executes a plan: only with its token, before it expires, and while its scope still covers exactly the planned
    /// instances. A second confirmation of the same run does nothing but answer the progress, unless the first died
    /// midway (<see cref="ResumeGrace"/>): then it purges the items still planned.
    /// </summary>
    public async Task<OperatorOutcome<CleanupProgress>> ConfirmAsync(string token, CancellationToken cancellationToken)
    {
        if (!CleanupConfirmation.TryParse(token, out var runId, out var secret))
        {
            return OperatorOutcome<CleanupProgress>.Failure(OperatorStatus.BadRequest, "confirm must be the confirmation_token a dry run answered.", "$.confirm");
        }

        var stored = await runs.GetAsync(runId, cancellationToken);
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
            if (run.State == CleanupRunState.Confirmed && run.ConfirmedAt is { } confirmedAt && now - confirmedAt > ResumeGrace)
            {
                await PurgePlannedItemsAsync(runId, cancellationToken);
            }

            return OperatorOutcome<CleanupProgress>.Success((await ProgressAsync(runId, cancellationToken))!);
        }

        if (now >= run.ExpiresAt)
        {
            return OperatorOutcome<CleanupProgress>.Failure(OperatorStatus.Gone, $"The token of clean-up run '{runId}' expired at {run.ExpiresAt:O}: run the dry run again.", "$.confirm");
        }

        var current = await resolver.ResolveAsync(run.Scope, cancellationToken);
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

        if (!await runs.TryUpdateAsync(run with { State = CleanupRunState.Confirmed, ConfirmedAt = now }, stored.ETag, cancellationToken))
        {
            // Another confirmation of the same run won: it purges; this one only reports.
            return OperatorOutcome<CleanupProgress>.Success((await ProgressAsync(runId, cancellationToken))!);
        }

        await PurgePlannedItemsAsync(runId, cancellationToken);
        return OperatorOutcome<CleanupProgress>.Success((await ProgressAsync(runId, cancellationToken))!, OperatorStatus.Accepted);
    }

    /// <summary>Null when there is no such run.</summary>
    public Task<CleanupProgress?> ProgressAsync(string runId, CancellationToken cancellationToken) => progress.ReadAsync(runId, cancellationToken);

    /// <summary>
    /// Writes the purge snapshot and nudges the sync of every item still planned, each item saved as queued after its
    /// nudge (so a crash leaves it planned and a resumption redoes it, keeping the snapshot already written), then marks
    /// the run running.
    /// </summary>
    private async Task PurgePlannedItemsAsync(string runId, CancellationToken cancellationToken)
    {
        var planned = await runs.ListItemsAsync(runId, CleanupItemState.Planned, cancellationToken).ToListAsync(cancellationToken);
        await Parallel.ForEachAsync(planned, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (item, token) =>
            await runs.SaveItemAsync(await purger.PurgeAsync(item, token), token));

        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await runs.GetAsync(runId, cancellationToken) is not { } stored || stored.Document.State == CleanupRunState.Running)
            {
                return;
            }

            if (await runs.TryUpdateAsync(stored.Document with { State = CleanupRunState.Running }, stored.ETag, cancellationToken))
            {
                return;
            }
        }

        throw new ConcurrencyConflictException($"Clean-up run '{runId}' changed under 5 updates in a row.");
    }
}
