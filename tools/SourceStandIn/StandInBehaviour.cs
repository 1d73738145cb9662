namespace ApprovalFunctions.SourceStandIn;

/// <summary>
/// How the stand-in answers relayed actions, changeable at run time (<c>PUT /behaviour</c>) to show each answer the
/// approver can get: a delay (slower than the app's <c>Callback__Timeout</c> shows the timeout), a forced refusal with a
/// message, or no sync back (the action is taken, but the app never hears the new status: an overdue task).
/// </summary>
public sealed class StandInBehaviour
{
    private readonly Lock _gate = new();
    private BehaviourSettings _settings = new();

    public BehaviourSettings Current
    {
        get
        {
            lock (_gate)
            {
                return _settings;
            }
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_gate)
            {
                _settings = value;
            }
        }
    }
}

/// <param name="DelayMs">Wait this long before handling an action.</param>
/// <param name="RefuseStatus">Answer every action with this 4xx or 5xx status instead of acting.</param>
/// <param name="RefuseMessage">The <c>message</c> sent with <paramref name="RefuseStatus"/>.</param>
/// <param name="SyncBack">Sync the new task status back to the app after acting (the normal case).</param>
public sealed record BehaviourSettings(int DelayMs = 0, int? RefuseStatus = null, string? RefuseMessage = null, bool SyncBack = true);
