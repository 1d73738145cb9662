using ApprovalFunctions.Core.State;

namespace ApprovalFunctions.Core.Reconcile;

/// <summary>Where a round found a candidate (one instance may come from several places).</summary>
[Flags]
internal enum CandidateSource
{
    Window = 1,
    Lagging = 2,
    Sweep = 4,
}

/// <summary>One instance a round looks at, with its state and disposition once triaged.</summary>
internal sealed class ReconcileCandidate(string instanceId)
{
    public string InstanceId { get; } = instanceId;

    public CandidateSource Sources { get; set; }

    public InstanceState? State { get; set; }

    public CandidateDisposition Disposition { get; set; }

    /// <summary>The desired state of a candidate triaged as anything but <see cref="CandidateDisposition.Gone"/>.</summary>
    public DesiredState Desired => State?.Desired?.Document ?? throw new InvalidOperationException($"Candidate '{InstanceId}' has no desired state loaded.");
}
