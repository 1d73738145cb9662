namespace ApprovalFunctions.Core.Sync;

/// <summary>
/// The queue message "instance X changed" (<c>{"instance_id":"…","version":N,"attempt":K}</c>, Base64 on the queue).
/// <see cref="Version"/> is the desired version that caused it; <see cref="Attempt"/> counts transient failures so far.
/// </summary>
public sealed record SyncNudge(string InstanceId, long Version, int Attempt = 0);
