namespace ApprovalFunctions.LoadGenerator.Verification;

internal enum DifferenceKind
{
    MissingInstance,
    InstanceFieldDiffers,
    StaleInstanceTime,
    InstanceTimeDiffers,
    MissingTask,
    ExtraTask,
    TaskFieldDiffers,
    TaskTimeDiffers,
    MissingCc,
    ExtraCc,
    CcFieldDiffers,
    CcTimeDiffers,
}

/// <summary>One way in which Feishu differs from what the source last sent.</summary>
/// <param name="EntityId">The task or CC id, or the instance id for instance-level differences.</param>
internal sealed record Difference(string InstanceId, DifferenceKind Kind, string EntityId, string Detail)
{
    public override string ToString() =>
        EntityId == InstanceId ? $"{InstanceId}: {Detail}" : $"{InstanceId} / {EntityId}: {Detail}";
}
