namespace FeishuEmulator.Configuration;

/// <summary>The Feishu endpoints a fault may hit.</summary>
[Flags]
public enum FaultTargets
{
    None = 0,
    Sync = 1,
    Check = 2,
    TasksQuery = 4,
    ExternalTasks = 8,
    ExternalApprovals = 16,
    Token = 32,
    All = Sync | Check | TasksQuery | ExternalTasks | ExternalApprovals | Token,
}
