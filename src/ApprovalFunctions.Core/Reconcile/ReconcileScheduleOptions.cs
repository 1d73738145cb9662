namespace ApprovalFunctions.Core.Reconcile;

/// <summary>
/// The flat app setting <c>ReconcileSchedule</c>: the six-field NCRONTAB schedule of the reconcile timer. The Functions
/// host resolves the trigger's <c>%ReconcileSchedule%</c> from app settings and has no way to give it a default, so the
/// app requires it and says so at start-up (<see cref="SweepSettingsValidator"/>) instead of running without reconcile.
/// </summary>
public sealed class ReconcileScheduleOptions
{
    public const string SettingName = "ReconcileSchedule";

    /// <summary>What <c>infra/</c>, <c>local.settings.sample.json</c> and <c>tools/start-local.sh</c> set: every five minutes.</summary>
    public const string Recommended = "0 */5 * * * *";

    public string? Schedule { get; set; }
}
