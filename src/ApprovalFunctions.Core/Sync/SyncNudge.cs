namespace ApprovalFunctions.Core.Sync;

/// <summary>
/// The queue message "instance X changed" (<c>{"instance_id":"…","version":N,"attempt":K,"from_ingest":true}</c>, Base64 on
/// the queue). <see cref="Version"/> is the desired version that caused it; <see cref="Attempt"/> counts transient failures
/// so far; <see cref="FromIngest"/> marks the nudge of an accepted change, which asks for nothing but that version
/// (nudges of the reconciler and of operators may carry repair work, see <see cref="SyncedVersions"/>).
/// </summary>
public sealed record SyncNudge(string InstanceId, long Version, int Attempt = 0, bool FromIngest = false);
